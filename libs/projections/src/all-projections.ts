import { AlertRulesConfig, DEFAULT_ALERT_RULES } from './alerts/alert-rules';
import { alertsProjection } from './alerts/alerts.projection';
import { bilanProjection } from './bilan/bilan.projection';
import { executionTrackingProjection } from './execution-tracking/execution-tracking.projection';
import { jobOffersProjection } from './job-offers/job-offers.projection';
import { marketStreamsProjection } from './market-streams/market-streams.projection';
import { lastContactProjection } from './personal-data/last-contact.projection';
import { Projection } from './runner/projection';
import { supportCasesProjection } from './support-cases/support-cases.projection';

/**
 * Every read model the API serves, in the order it starts them: what the CLI and the bench rebuild
 * (test/read-models-list.spec.ts holds it to ProjectionsService's runners).
 */
export function allProjections(alertRules: AlertRulesConfig = DEFAULT_ALERT_RULES): Projection<unknown>[] {
  return [
    executionTrackingProjection, alertsProjection(alertRules), bilanProjection, lastContactProjection,
    supportCasesProjection, jobOffersProjection, marketStreamsProjection,
  ] as Projection<unknown>[];
}
