import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'libsql';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { Alert, Buyer, MarketHeaderDoc, PlacementAlertsDoc, marketAlertsKey } from '@clause-ledger/projections';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../infrastructure/tokens';
import { ProjectionsService } from '../tracking/projections.service';
import { ownerOnlyFile } from '@clause-ledger/event-store';

/** Rules whose alerts are addressed to the buyer; the others are the facilitator's own to-dos. */
const BUYER_RULES = new Set(['BEHIND_PRO_RATA', 'NO_HOURS_DECLARED', 'ENDING_WITH_HOURS_MISSING', 'NO_PLACEMENT']);
const RETRY_MS = [5_000, 30_000, 120_000, 600_000, 3_600_000];

interface Pending { alert: Alert; buyer: Buyer; title: string; attempts: number; nextAt: number }
type AlertsOfMarketPart = MarketHeaderDoc | PlacementAlertsDoc;

/**
 * Mails each newly raised buyer alert once. What was sent is remembered in its own table, keyed by
 * alert id, so a retry, a restart or a rebuild of the alerts never mails twice. Without SMTP_URL,
 * messages are written as .eml files to DATA_DIR/outbox.
 */
@Injectable()
export class AlertNotifier implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AlertNotifier');
  private readonly db: Database.Database;
  private readonly isSent: Database.Statement;
  private readonly recordSent: Database.Statement;
  private readonly transport: Transporter;
  private readonly outbox?: string;
  private readonly pending = new Map<string, Pending>();
  private timer?: NodeJS.Timeout;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly projections: ProjectionsService, @Inject(APP_CONFIG) private readonly config: AppConfig) {
    ownerOnlyFile(join(config.dataDir, 'notifications.db'));
    this.db = new Database(join(config.dataDir, 'notifications.db'));
    this.db.pragma('journal_mode = WAL');
    this.db.exec('CREATE TABLE IF NOT EXISTS sent (alert_id TEXT PRIMARY KEY, market_id TEXT NOT NULL, recipient TEXT, outcome TEXT NOT NULL, at TEXT NOT NULL)');
    this.isSent = this.db.prepare('SELECT 1 FROM sent WHERE alert_id = ?');
    this.recordSent = this.db.prepare('INSERT OR IGNORE INTO sent (alert_id, market_id, recipient, outcome, at) VALUES (?, ?, ?, ?, ?)');
    if (config.mail.smtpUrl) {
      this.transport = createTransport(config.mail.smtpUrl);
    } else {
      this.outbox = join(config.dataDir, 'outbox');
      mkdirSync(this.outbox, { recursive: true, mode: 0o700 });
      this.transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    }
  }

  onApplicationBootstrap(): void {
    for (const { doc } of this.projections.readModels.listByPrefix<AlertsOfMarketPart>(this.projections.alerts.projection.name, 'market:')) this.collect(doc);
    this.projections.onCommitted((batch) => {
      if (batch.projection !== this.projections.alerts.projection.name) return;
      for (const change of batch.changes) if (change.key.startsWith('market:') && change.doc) this.collect(change.doc as AlertsOfMarketPart);
      void this.flush();
    });
    this.timer = setInterval(() => void this.flush(), 1_000);
    this.timer.unref();
    void this.flush();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    this.db.close();
  }

  /** Sends what is due now, after any send in progress; resolves when done (tests and shutdown wait on it). */
  flush(): Promise<void> {
    this.inFlight = this.inFlight.then(() => this.sendDue());
    return this.inFlight;
  }

  private async sendDue(): Promise<void> {
    for (const [alertId, item] of this.pending) {
      if (item.nextAt > Date.now()) continue;
      try {
        const outcome = await this.send(item);
        this.recordSent.run(alertId, item.alert.marketId, item.buyer.contactEmail ?? null, outcome, new Date().toISOString());
        this.pending.delete(alertId);
      } catch (error) {
        item.attempts += 1;
        item.nextAt = Date.now() + RETRY_MS[Math.min(item.attempts - 1, RETRY_MS.length - 1)];
        this.logger.warn(`alert ${alertId} not sent (attempt ${item.attempts}): ${(error as Error).message}; retrying`);
      }
    }
  }

  /** The alerts of a market's header (its lots') or of one of its placements (the buyer is the header's). */
  private collect(doc: AlertsOfMarketPart): void {
    // the header is read only for an alert to send: most changes of a placement's alerts raise none
    let header = doc.kind === 'market' ? doc : undefined;
    for (const alert of Object.values(doc.alerts)) {
      const id = `${doc.marketId}/${alert.alertId}`;
      if (alert.status !== 'OPEN' || !BUYER_RULES.has(alert.rule) || this.pending.has(id) || this.isSent.get(id)) continue;
      header ??= this.projections.readModels.get<MarketHeaderDoc>(this.projections.alerts.projection.name, marketAlertsKey(doc.marketId));
      if (!header) return;
      this.pending.set(id, { alert, buyer: header.buyer, title: header.title, attempts: 0, nextAt: 0 });
    }
  }

  private async send(item: Pending): Promise<string> {
    const to = item.buyer.contactEmail;
    if (!to) {
      this.logger.warn(`alert ${item.alert.alertId} of market ${item.alert.marketId}: the buyer has no contact e-mail, nothing sent`);
      return 'NO_RECIPIENT';
    }
    const info = await this.transport.sendMail({
      from: this.config.mail.from,
      to,
      subject: `[Clause sociale] ${SUBJECTS[item.alert.rule] ?? 'Alerte'} — ${item.title}`,
      text: `Madame, Monsieur,\n\n${item.alert.message}\n\nVotre facilitateur des clauses sociales reste à votre disposition.\n\nRéférence de l'alerte : ${item.alert.marketId} / ${item.alert.alertId}\n`,
      messageId: `<${encodeURIComponent(item.alert.marketId)}.${encodeURIComponent(item.alert.alertId)}@clause-ledger>`,
      headers: { 'X-Clause-Ledger-Alert': `${item.alert.marketId}/${item.alert.alertId}` },
    });
    if (this.outbox) writeFileSync(join(this.outbox, `${fileNameOf(item.alert.marketId)}__${fileNameOf(item.alert.alertId)}.eml`), info.message as Buffer, { mode: 0o600 });
    return 'SENT';
  }
}

const SUBJECTS: Record<string, string> = {
  BEHIND_PRO_RATA: 'Heures d\'insertion en retard sur le prorata',
  NO_HOURS_DECLARED: 'Relevé mensuel d\'heures manquant',
  ENDING_WITH_HOURS_MISSING: 'Fin d\'exécution proche, heures manquantes',
  NO_PLACEMENT: 'Aucun bénéficiaire positionné',
};

const fileNameOf = (id: string) => id.replace(/[^A-Za-z0-9_.-]/g, '_');
