import { BeneficiaryEvent, BeneficiaryIdentityRecorded } from './beneficiary/beneficiary-events';
import { CompanyEvent } from './company/company';
import { MarketEvent } from './market/market-events';
import { PlacementEvent } from './placement/placement-events';
import { ClockTicked } from './alerts/clock';
import { AlertAcknowledged } from './alerts/acknowledge-alert';
import { SupportCaseEvent } from './support-case/support-case-events';
import { FacilitatorActivityEvent } from './facilitator-activity/facilitator-activity';

/** Every event the domain writes. Projections switch on `type`. */
export type ClauseLedgerEvent = MarketEvent | CompanyEvent | BeneficiaryEvent | BeneficiaryIdentityRecorded | PlacementEvent | ClockTicked | AlertAcknowledged
  | SupportCaseEvent | FacilitatorActivityEvent;
