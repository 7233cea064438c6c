import { ruleBroken } from '../shared/domain-error';
import { DecisionContext, DomainEvent, event } from '../shared/domain-event';
import { requireIsoDate } from '../shared/dates';
import { MaybeBeneficiary, requireBeneficiary, requireNotErased } from '../beneficiary/beneficiary';
import { MaybePlacement, requirePlacement } from '../placement/placement';
import { MaybePartner, requirePartner } from '../job-offer/partner';

/** A beneficiary's journey: their referent and the facilitator's contacts during the contract. */
export const journeyStreamId = (beneficiaryId: string) => `journey-${beneficiaryId}`;

export const CONTACT_PARTIES = ['BENEFICIARY', 'EMPLOYER', 'TUTOR', 'REFERENT'] as const;
export type ContactParty = (typeof CONTACT_PARTIES)[number];

/**
 * Freins périphériques, yes or no only: health is art. 9 data, so no detail is ever stored, and
 * justice (art. 10) has no field at all.
 */
export interface PeripheralBarriers {
  readonly mobility: boolean;
  readonly childcare: boolean;
  readonly housing: boolean;
  readonly health: boolean;
}

/** The counsellor at a partner who follows the person: professional data, not the person's. */
export type ReferentAssigned = DomainEvent<'ReferentAssigned', { beneficiaryId: string; referentName: string; partnerId: string; assignedOn: string }>;

export type FollowUpContactRecorded = DomainEvent<'FollowUpContactRecorded', {
  beneficiaryId: string;
  placementId: string;
  marketId: string;
  contactDate: string;
  withWhom: ContactParty;
  note: string;
  trainingMobilised: string | null;
  barriers: PeripheralBarriers | null;
  recordedOn: string;
}>;

export type JourneyEvent = ReferentAssigned | FollowUpContactRecorded;

export interface Journey {
  readonly beneficiaryId: string;
  readonly referent?: { readonly referentName: string; readonly partnerId: string };
  readonly contacts: number;
}
export type MaybeJourney = Journey | undefined;

export function evolveJourney(journey: MaybeJourney, e: JourneyEvent): MaybeJourney {
  const current: Journey = journey ?? { beneficiaryId: e.data.beneficiaryId, contacts: 0 };
  if (e.type === 'ReferentAssigned') return { ...current, referent: { referentName: e.data.referentName, partnerId: e.data.partnerId } };
  return { ...current, contacts: current.contacts + 1 };
}

export interface AssignReferent {
  readonly beneficiaryId: string;
  readonly referentName: string;
  readonly partnerId: string;
}

export function assignReferent(cmd: AssignReferent, beneficiary: MaybeBeneficiary, partner: MaybePartner, ctx: DecisionContext): ReferentAssigned[] {
  requireNotErased(requireBeneficiary(beneficiary, cmd.beneficiaryId));
  requirePartner(partner, cmd.partnerId);
  return [event('ReferentAssigned', { ...cmd, assignedOn: ctx.today })];
}

export interface RecordContact {
  readonly beneficiaryId: string;
  readonly placementId: string;
  readonly contactDate: string;
  readonly withWhom: ContactParty;
  readonly note: string;
  readonly trainingMobilised?: string;
  readonly barriers?: PeripheralBarriers;
}

/** A follow-up contact is about one of the person's contracts, on a day it has started, never in the future. */
export function recordContact(cmd: RecordContact, beneficiary: MaybeBeneficiary, placement: MaybePlacement, ctx: DecisionContext): FollowUpContactRecorded[] {
  requireNotErased(requireBeneficiary(beneficiary, cmd.beneficiaryId));
  const p = requirePlacement(placement, cmd.placementId);
  if (p.beneficiaryId !== cmd.beneficiaryId) throw ruleBroken('NOT_THE_PERSONS_PLACEMENT', `placement ${cmd.placementId} is not a contract of beneficiary ${cmd.beneficiaryId}`, 'placementId');
  requireIsoDate(cmd.contactDate, 'contactDate');
  if (cmd.contactDate > ctx.today) throw ruleBroken('CONTACT_IN_FUTURE', `contactDate ${cmd.contactDate} is after today (${ctx.today})`, 'contactDate');
  if (cmd.contactDate < p.startDate) throw ruleBroken('CONTACT_BEFORE_CONTRACT', `contactDate ${cmd.contactDate} is before the contract started (${p.startDate})`, 'contactDate');
  return [event('FollowUpContactRecorded', {
    beneficiaryId: cmd.beneficiaryId, placementId: cmd.placementId, marketId: p.marketId, contactDate: cmd.contactDate, withWhom: cmd.withWhom,
    note: cmd.note, trainingMobilised: cmd.trainingMobilised ?? null, barriers: cmd.barriers ? { ...cmd.barriers } : null, recordedOn: ctx.today,
  })];
}
