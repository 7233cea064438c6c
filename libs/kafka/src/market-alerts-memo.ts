import {
  MarketAlertsDoc, MarketHeaderDoc, OutboxEntry, PlacementAlertsDoc, ReadModelStore, assembleMarketAlerts, marketAlertsKey, marketIdOfAlertsKey, placementAlertsPrefix,
} from '@clause-ledger/projections';

const ALERTS = 'alerts';
/**
 * Alerts documents kept, headers included (a placement's is 1.5-2.5 kB parsed, by the months it
 * declared: ~30-50 MiB in all); the markets used least recently go first.
 */
const DOCUMENTS_KEPT = 20_000;

interface KeptMarket {
  /** The outbox sequence the documents were read at: the entries up to it are already in them. */
  readonly seededAt: number;
  header: MarketHeaderDoc | undefined;
  readonly placements: Map<string, PlacementAlertsDoc>;
}

/**
 * The alerts documents of the markets being published, kept from one publish loop to the next. A
 * market's message is assembled from its header and every one of its placements' documents: read
 * back from the store for each change, that cost as much as the market is big. A market is read
 * from the store once, on one snapshot with the outbox's last sequence; from then on the outbox
 * entries after that sequence, which carry each document as it was committed, move it on. A
 * read model reset in the process (a rebuild: documents forgotten without an outbox entry) makes
 * it read everything again.
 */
export class MarketAlertsMemo {
  /** In the order they were last used. */
  private readonly markets = new Map<string, KeptMarket>();
  /** Documents kept: each market's header (counted even when absent) and placements. */
  private documents = 0;
  private resetsSeen: number;

  constructor(private readonly readModels: ReadModelStore, private readonly documentsKept = DOCUMENTS_KEPT) {
    this.resetsSeen = readModels.resets;
  }

  /**
   * Moves the markets kept by these outbox entries, in order (a batch, before its messages are
   * assembled). Call it and `alertsOf` inside one `readModels.snapshot`.
   */
  apply(entries: readonly OutboxEntry[]): void {
    if (this.readModels.resets !== this.resetsSeen) this.forgetAll();
    for (const entry of entries) {
      if (entry.projection !== ALERTS) continue;
      const marketId = marketIdOfAlertsKey(entry.key);
      const market = marketId === undefined ? undefined : this.markets.get(marketId);
      if (!market || entry.seq <= market.seededAt) continue;
      if (entry.key === marketAlertsKey(marketId!)) {
        market.header = entry.doc as MarketHeaderDoc | undefined;
        continue;
      }
      const placementKey = entry.key.slice(placementAlertsPrefix(marketId!).length);
      if (market.placements.delete(placementKey)) this.documents--;
      if (entry.doc !== undefined) {
        market.placements.set(placementKey, entry.doc as PlacementAlertsDoc);
        this.documents++;
      }
    }
  }

  /** The market's alerts as the entries applied so far leave them (undefined: no header). */
  alertsOf(marketId: string): MarketAlertsDoc | undefined {
    const market = this.markets.get(marketId) ?? this.seed(marketId);
    // most recently used last
    this.markets.delete(marketId);
    this.markets.set(marketId, market);
    this.evict(marketId);
    return market.header && assembleMarketAlerts(market.header, [...market.placements.values()]);
  }

  private seed(marketId: string): KeptMarket {
    const seededAt = this.readModels.outboxLastSeq();
    const header = this.readModels.get<MarketHeaderDoc>(ALERTS, marketAlertsKey(marketId));
    const prefix = placementAlertsPrefix(marketId);
    const placements = new Map(this.readModels.listByPrefix<PlacementAlertsDoc>(ALERTS, prefix).map(({ key, doc }) => [key.slice(prefix.length), doc]));
    this.documents += 1 + placements.size;
    return { seededAt, header, placements };
  }

  /** Forgets the markets used least recently while over the bound (never the one being published). */
  private evict(keep: string): void {
    for (const [marketId, market] of this.markets) {
      if (this.documents <= this.documentsKept) return;
      if (marketId === keep) continue;
      this.markets.delete(marketId);
      this.documents -= 1 + market.placements.size;
    }
  }

  private forgetAll(): void {
    this.markets.clear();
    this.documents = 0;
    this.resetsSeen = this.readModels.resets;
  }
}
