import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_POLICY, DomainPolicy, isIsoDate } from '@clause-ledger/domain';
import { AlertRulesConfig, CaseworkAlertRules, DEFAULT_ALERT_RULES, DEFAULT_CASEWORK_ALERT_RULES } from '@clause-ledger/projections';
import { KafkaSettings } from '@clause-ledger/kafka';
import { AuthSettings, parseIssuers } from './auth-config';

/** Every setting, read and validated once at start-up from the environment. */
export interface AppConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly eventStore: { kind: 'embedded' } | { kind: 'eventstoredb'; connectionString: string };
  readonly policy: DomainPolicy;
  readonly timeZone: string;
  /** Pins "today" (demo, tests). Never set in production. */
  readonly fixedToday?: string;
  readonly logLevel: string;
  /** Largest request body accepted, counted after decompression (100 KiB by default). */
  readonly bodyLimitBytes: number;
  readonly alertRules: AlertRulesConfig;
  /** A support case with no action for longer than this is flagged in the facilitator's caseload. */
  readonly caseStaleAfterDays: number;
  /** When the facilitator's casework alerts fire (offers without candidates, contracts without contact). */
  readonly caseworkAlertRules: CaseworkAlertRules;
  /** Where alerts are mailed from; without SMTP_URL, mails are written to DATA_DIR/outbox. */
  readonly mail: { smtpUrl?: string; from: string };
  /** Public address of this API, used in badge ids and their status list (verifiers fetch it). */
  readonly publicBaseUrl: string;
  /** Read models published to Kafka; off (undefined) unless KAFKA_BROKERS is set. */
  readonly kafka?: KafkaSettings;
  /** Where per-person keys live (only the embedded file so far; see PersonalDataKeyStore to plug a KMS). */
  readonly personalDataKeyStore: 'embedded';
  /** Months after the last contact before a person's data is due for erasure (CNIL: 24). */
  readonly retentionMonths: number;
  /** Who may sign in: the embedded issuer (on unless AUTH_LOCAL_ISSUER=false) and the OIDC issuers of AUTH_ISSUERS. */
  readonly auth: AuthSettings;
  /** Origins allowed to call the API from a browser; CORS is off when empty. */
  readonly corsOrigins: readonly string[];
  /** Requests per minute per client address; 0 turns rate limiting off. */
  readonly rateLimitPerMinute: number;
  /** Express's `trust proxy` behind a reverse proxy, so each client is told apart by its own address. */
  readonly trustProxy?: number | string;
}

const intFrom = (name: string, min: number, max: number) =>
  z.coerce.number({ message: `${name} must be a number` }).int(`${name} must be a whole number`).min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`);

const schema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: intFrom('PORT', 0, 65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  EVENT_STORE: z.enum(['embedded', 'eventstoredb'], { message: 'EVENT_STORE must be "embedded" or "eventstoredb"' }).default('embedded'),
  EVENTSTORE_CONNECTION_STRING: z.string().optional(),
  MONTHLY_LEGAL_MAXIMUM_HOURS: intFrom('MONTHLY_LEGAL_MAXIMUM_HOURS', 1, 744).default(DEFAULT_POLICY.monthlyLegalMaximumHours),
  ELIGIBILITY_VALIDITY_MONTHS: intFrom('ELIGIBILITY_VALIDITY_MONTHS', 1, 120).default(DEFAULT_POLICY.eligibilityValidityMonths),
  TIME_ZONE: z.string().default('Europe/Paris').refine(isTimeZone, { message: 'TIME_ZONE must be an IANA time zone such as Europe/Paris' }),
  FIXED_TODAY: z.string().optional().refine((v) => v === undefined || isIsoDate(v), { message: 'FIXED_TODAY must be a date YYYY-MM-DD' }),
  BODY_LIMIT_KB: intFrom('BODY_LIMIT_KB', 1, 10_240).default(100),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ALERT_RULES: z.string().optional(),
  CASE_STALE_AFTER_DAYS: intFrom('CASE_STALE_AFTER_DAYS', 1, 365).default(30),
  OFFER_WITHOUT_CANDIDATE_DAYS: intFrom('OFFER_WITHOUT_CANDIDATE_DAYS', 1, 365).default(DEFAULT_CASEWORK_ALERT_RULES.offerWithoutCandidateDays),
  PLACEMENT_WITHOUT_CONTACT_WEEKS: intFrom('PLACEMENT_WITHOUT_CONTACT_WEEKS', 1, 104).default(DEFAULT_CASEWORK_ALERT_RULES.placementWithoutContactWeeks),
  SMTP_URL: z.string().url({ message: 'SMTP_URL must be a URL such as smtp://user:pass@smtp.example.org:587' }).optional(),
  KAFKA_BROKERS: z.string().regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port...]' }).optional(),
  KAFKA_CLIENT_ID: z.string().min(1).default('clause-ledger'),
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9._-]+$/, { message: 'KAFKA_TOPIC_PREFIX may only contain letters, digits, . _ -' }).default('clause-ledger'),
  KAFKA_SSL: z.enum(['true', 'false'], { message: 'KAFKA_SSL must be true or false' }).default('false'),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  PUBLIC_BASE_URL: z.string().url({ message: 'PUBLIC_BASE_URL must be a URL such as https://clauses.example.fr' }).optional(),
  PERSONAL_DATA_KEY_STORE: z.enum(['embedded'], { message: 'PERSONAL_DATA_KEY_STORE must be "embedded" (the only adapter so far)' }).default('embedded'),
  RETENTION_MONTHS: intFrom('RETENTION_MONTHS', 1, 600).default(24),
  AUTH_LOCAL_ISSUER: z.enum(['true', 'false'], { message: 'AUTH_LOCAL_ISSUER must be true or false' }).default('true'),
  AUTH_ISSUERS: z.string().optional(),
  AUTH_LOCAL_TOKEN_MAX_HOURS: z.coerce.number({ message: 'AUTH_LOCAL_TOKEN_MAX_HOURS must be a number of hours' }).positive({ message: 'AUTH_LOCAL_TOKEN_MAX_HOURS must be positive' }).max(24 * 366).default(24 * 30),
  CORS_ORIGINS: z.string().regex(/^https?:\/\/[^,\s]+(,https?:\/\/[^,\s]+)*$/, { message: 'CORS_ORIGINS must be origins such as https://app.example.fr[,https://other.example.fr]' }).optional(),
  TRUST_PROXY: z.string().regex(/^(\d{1,2}|loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/, { message: 'TRUST_PROXY must be a hop count (1), loopback, or proxy addresses (10.0.0.1,10.0.0.2)' }).optional(),
  RATE_LIMIT_PER_MINUTE: intFrom('RATE_LIMIT_PER_MINUTE', 0, 1_000_000).default(600),
  MAIL_FROM: z.string().email({ message: 'MAIL_FROM must be an e-mail address' }).default('clauses-sociales@clause-ledger.invalid'),
}).superRefine((env, ctx) => {
  if (env.EVENT_STORE === 'eventstoredb' && !env.EVENTSTORE_CONNECTION_STRING) {
    ctx.addIssue({ code: 'custom', path: ['EVENTSTORE_CONNECTION_STRING'], message: 'EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb (e.g. esdb://127.0.0.1:2113?tls=false)' });
  }
});

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const e = parsed.data;
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir: resolve(e.DATA_DIR),
    eventStore: e.EVENT_STORE === 'eventstoredb' ? { kind: 'eventstoredb', connectionString: e.EVENTSTORE_CONNECTION_STRING! } : { kind: 'embedded' },
    policy: { monthlyLegalMaximumHours: e.MONTHLY_LEGAL_MAXIMUM_HOURS, eligibilityValidityMonths: e.ELIGIBILITY_VALIDITY_MONTHS },
    timeZone: e.TIME_ZONE,
    ...(e.FIXED_TODAY ? { fixedToday: e.FIXED_TODAY } : {}),
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_KB * 1024,
    alertRules: parseAlertRules(e.ALERT_RULES),
    caseStaleAfterDays: e.CASE_STALE_AFTER_DAYS,
    caseworkAlertRules: { offerWithoutCandidateDays: e.OFFER_WITHOUT_CANDIDATE_DAYS, placementWithoutContactWeeks: e.PLACEMENT_WITHOUT_CONTACT_WEEKS },
    mail: { ...(e.SMTP_URL ? { smtpUrl: e.SMTP_URL } : {}), from: e.MAIL_FROM },
    ...(e.KAFKA_BROKERS ? {
      kafka: {
        brokers: e.KAFKA_BROKERS.split(','), clientId: e.KAFKA_CLIENT_ID, topicPrefix: e.KAFKA_TOPIC_PREFIX, ssl: e.KAFKA_SSL === 'true',
        ...(e.KAFKA_SASL_MECHANISM ? { sasl: { mechanism: e.KAFKA_SASL_MECHANISM, username: e.KAFKA_SASL_USERNAME ?? '', password: e.KAFKA_SASL_PASSWORD ?? '' } } : {}),
      },
    } : {}),
    personalDataKeyStore: e.PERSONAL_DATA_KEY_STORE,
    retentionMonths: e.RETENTION_MONTHS,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    auth: { localIssuer: e.AUTH_LOCAL_ISSUER === 'true', localTokenMaxSeconds: Math.round(e.AUTH_LOCAL_TOKEN_MAX_HOURS * 3600), issuers: parseIssuers(e.AUTH_ISSUERS) },
    corsOrigins: e.CORS_ORIGINS ? e.CORS_ORIGINS.split(',') : [],
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    ...(e.TRUST_PROXY ? { trustProxy: /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY } : {}),
  };
}

const percentRule = z.number().min(1).max(100);
const daysRule = z.number().int().min(0).max(3650);
/** ALERT_RULES is JSON overriding any of the defaults, e.g. {"behindProRata":{"warningPercent":70}}. */
const alertRulesSchema = z.object({
  behindProRata: z.object({ warningPercent: percentRule, criticalPercent: percentRule, graceDays: daysRule }).partial(),
  missingDeclaration: z.object({ graceDays: daysRule }).partial(),
  endingSoon: z.object({ daysBeforeEnd: daysRule }).partial(),
  noPlacement: z.object({ weeksAfterStart: z.number().int().min(0).max(520) }).partial(),
  eligibilityExpiring: z.object({ daysBefore: daysRule }).partial(),
}).partial().strict();

function parseAlertRules(json: string | undefined): AlertRulesConfig {
  if (!json) return DEFAULT_ALERT_RULES;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new ConfigError(['ALERT_RULES: must be JSON, e.g. {"behindProRata":{"warningPercent":70}}']);
  }
  const parsed = alertRulesSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `ALERT_RULES.${i.path.join('.')}: ${i.message}`));
  const o = parsed.data;
  return {
    behindProRata: { ...DEFAULT_ALERT_RULES.behindProRata, ...o.behindProRata },
    missingDeclaration: { ...DEFAULT_ALERT_RULES.missingDeclaration, ...o.missingDeclaration },
    endingSoon: { ...DEFAULT_ALERT_RULES.endingSoon, ...o.endingSoon },
    noPlacement: { ...DEFAULT_ALERT_RULES.noPlacement, ...o.noPlacement },
    eligibilityExpiring: { ...DEFAULT_ALERT_RULES.eligibilityExpiring, ...o.eligibilityExpiring },
  };
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
