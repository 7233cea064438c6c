import { MarketAlertsDoc, marketAlerts } from '@clause-ledger/projections';
import { ProjectionsService } from '../tracking/projections.service';

/** A market's alerts, assembled from the alerts read model's header and placement documents. */
export function readMarketAlerts(projections: ProjectionsService, marketId: string): MarketAlertsDoc | undefined {
  const { readModels } = projections;
  const name = projections.alerts.projection.name;
  return marketAlerts(marketId, (key) => readModels.get(name, key), (prefix) => readModels.listByPrefix(name, prefix));
}
