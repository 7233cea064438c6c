import { BeneficiaryEvent, BeneficiaryIdentityRecorded } from './beneficiary/beneficiary-events';
import { IdentityRead } from './beneficiary/identity-access';
import { CompanyEvent } from './company/company';
import { MarketEvent } from './market/market-events';
import { PlacementEvent } from './placement/placement-events';
import { ClockTicked } from './alerts/clock';
import { AlertAcknowledged } from './alerts/acknowledge-alert';
import { StoredEventCorrected } from './stored-events/event-correction';

/** Every event the domain writes. Projections switch on `type`. */
export type ClauseLedgerEvent = MarketEvent | CompanyEvent | BeneficiaryEvent | BeneficiaryIdentityRecorded | IdentityRead | PlacementEvent | ClockTicked | AlertAcknowledged | StoredEventCorrected;
