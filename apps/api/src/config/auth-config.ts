import { z } from 'zod';
import { ROLES, Role } from '../auth/actor';
import { ConfigError } from './app-config';

/** Where a claim lives in a token: a dotted path, e.g. `realm_access.roles` (Keycloak). */
export interface ClaimMapping {
  readonly userId: string;
  readonly organisationId: string;
  readonly roles: string;
  /** The e-mail claim, by which an organisation link may name a user instead of its subject. */
  readonly email?: string;
}

export interface IssuerSettings {
  readonly issuer: string;
  readonly audience: string;
  /** Remote key set (fetched and cached by jose), or keys given inline. */
  readonly keys: { jwksUrl: string } | { jwks: { keys: Record<string, unknown>[] } };
  readonly claims: ClaimMapping;
  /** Role given when the token carries none (ProConnect tokens carry no role). */
  readonly defaultRole?: Role;
  /**
   * Where the actor's organisation and role come from: the token's claims, or the admin's links
   * (POST /organisations/{id}/members), for providers such as ProConnect that name the agent only.
   */
  readonly organisationFrom?: 'claims' | 'links';
}

export interface AuthSettings {
  readonly localIssuer: boolean;
  /** The longest life of an embedded-issuer token (iat to now): a rotated-out key stays published that long. */
  readonly localTokenMaxSeconds: number;
  readonly issuers: readonly IssuerSettings[];
}

/** Defaults per kind of provider: ProConnect (the State's OIDC federation) and Keycloak. */
export const ISSUER_PRESETS: Record<'proconnect' | 'keycloak' | 'generic', { claims: ClaimMapping; jwksPath: string }> = {
  proconnect: { claims: { userId: 'sub', organisationId: 'siret', roles: 'roles', email: 'email' }, jwksPath: '/jwks' },
  keycloak: { claims: { userId: 'preferred_username', organisationId: 'organisation_id', roles: 'realm_access.roles', email: 'email' }, jwksPath: '/protocol/openid-connect/certs' },
  generic: { claims: { userId: 'sub', organisationId: 'organisation_id', roles: 'roles', email: 'email' }, jwksPath: '/.well-known/jwks.json' },
};

const issuerSchema = z.object({
  preset: z.enum(['proconnect', 'keycloak', 'generic']).default('generic'),
  issuer: z.string().url({ message: 'issuer must be the issuer URL exactly as in the tokens\' iss claim' }),
  audience: z.string().min(1, { message: 'audience is the client id the tokens are issued for' }),
  jwksUrl: z.string().url().optional(),
  jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1) }).optional(),
  claims: z.object({ userId: z.string().min(1), organisationId: z.string().min(1), roles: z.string().min(1), email: z.string().min(1) }).partial().strict().optional(),
  defaultRole: z.enum(ROLES).optional(),
  organisationFrom: z.enum(['claims', 'links']).default('claims'),
}).strict().refine((i) => !(i.jwksUrl && i.jwks), { message: 'give jwksUrl or jwks, not both', path: ['jwks'] });

/** AUTH_ISSUERS: a JSON list, e.g. [{"preset":"keycloak","issuer":"https://sso.example.fr/realms/clauses","audience":"clause-ledger"}]. */
export function parseIssuers(json: string | undefined): IssuerSettings[] {
  if (!json) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new ConfigError(['AUTH_ISSUERS: must be JSON, a list of {"issuer","audience","preset"?,"jwksUrl"?,"jwks"?,"claims"?,"defaultRole"?,"organisationFrom"?}']);
  }
  const parsed = z.array(issuerSchema).safeParse(raw);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `AUTH_ISSUERS[${i.path.join('.')}]: ${i.message}`));
  return parsed.data.map((i) => {
    const preset = ISSUER_PRESETS[i.preset];
    return {
      issuer: i.issuer,
      audience: i.audience,
      keys: i.jwks ? { jwks: i.jwks } : { jwksUrl: i.jwksUrl ?? `${i.issuer.replace(/\/$/, '')}${preset.jwksPath}` },
      claims: { ...preset.claims, ...i.claims },
      ...(i.defaultRole ? { defaultRole: i.defaultRole } : {}),
      organisationFrom: i.organisationFrom,
    };
  });
}
