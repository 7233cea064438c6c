import { BeneficiaryEvent, BeneficiaryIdentityRecorded } from './beneficiary/beneficiary-events';
import { IdentityRead } from './beneficiary/identity-access';
import { CompanyEvent } from './company/company';
import { MarketEvent } from './market/market-events';
import { PlacementEvent } from './placement/placement-events';
import { ClockTicked } from './alerts/clock';
import { AlertAcknowledged } from './alerts/acknowledge-alert';
import { StoredEventCorrected } from './stored-events/event-correction';
import { BadgeEvent } from './badges/badges';
import { OrganisationEvent } from './organisation/organisation';
import { UserLinkEvent } from './organisation/member-links';
import { SigningKeyRotated } from './signing-keys/signing-key-rotation';
import { SupportCaseEvent } from './support-case/support-case-events';
import { FacilitatorActivityEvent } from './facilitator-activity/facilitator-activity';
import { PartnerEvent } from './job-offer/partner';
import { JobOfferEvent } from './job-offer/job-offer-events';
import { JourneyEvent } from './journey/journey';

/** Every event the domain writes (all-events.spec.ts checks it against the domain's event types). Projections switch on `type`. */
export type ClauseLedgerEvent =
  | MarketEvent | CompanyEvent | BeneficiaryEvent | BeneficiaryIdentityRecorded | IdentityRead | PlacementEvent | ClockTicked | AlertAcknowledged
  | BadgeEvent | StoredEventCorrected | OrganisationEvent | UserLinkEvent | SigningKeyRotated | SupportCaseEvent | FacilitatorActivityEvent
  | PartnerEvent | JobOfferEvent | JourneyEvent;
