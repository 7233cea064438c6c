import { conflict, ruleBroken } from '../shared/domain-error';
import { DecisionContext, DomainEvent, event } from '../shared/domain-event';
import { requireIsoDate } from '../shared/dates';
import { isValidSiret } from '../shared/siret';
import { ParticipantKind } from '../shared/vocabulary';

/** Seed 001 axis 2: supporting the winning companies in their commitments. */
export const COMPANY_SUPPORT_KINDS = ['INFORMATION_SESSION', 'HIRING_AID_ADVICE', 'WORK_STUDY_SETUP', 'RECRUITMENT_SUPPORT', 'OTHER'] as const;
export type CompanySupportKind = (typeof COMPANY_SUPPORT_KINDS)[number];

/** Seed 001 axis 4: promoting the clause with buyers and partners. */
export const PROMOTION_KINDS = ['ACTORS_MEETING', 'BUYER_STAFF_TRAINING', 'TESTIMONY', 'FACILITATORS_NETWORK', 'OTHER'] as const;
export type PromotionKind = (typeof PROMOTION_KINDS)[number];

export const facilitatorActivityStreamId = (organisation: string) => `facilitator-activity-${organisation}`;

export type CompanySupportActionLogged = DomainEvent<'CompanySupportActionLogged', {
  organisation: string;
  actionId: string;
  kind: CompanySupportKind;
  date: string;
  /** The companies supported (their SIRET). */
  companyIds: string[];
  marketId?: string;
  summary: string;
}>;

export type PromotionActionLogged = DomainEvent<'PromotionActionLogged', {
  organisation: string;
  actionId: string;
  kind: PromotionKind;
  date: string;
  title: string;
  attendees: { kind: ParticipantKind; count: number }[];
}>;

export type FacilitatorActivityEvent = CompanySupportActionLogged | PromotionActionLogged;
export const FACILITATOR_ACTIVITY_EVENT_TYPES: ReadonlySet<string> = new Set(['CompanySupportActionLogged', 'PromotionActionLogged']);

export interface FacilitatorActivity {
  readonly actionIds: ReadonlySet<string>;
}

export function evolveFacilitatorActivity(state: FacilitatorActivity | undefined, e: FacilitatorActivityEvent): FacilitatorActivity {
  return { actionIds: new Set([...(state?.actionIds ?? []), e.data.actionId]) };
}

export type LogCompanySupport = CompanySupportActionLogged['data'];
export type LogPromotion = PromotionActionLogged['data'];

export function logCompanySupport(cmd: LogCompanySupport, state: FacilitatorActivity | undefined, ctx: DecisionContext): CompanySupportActionLogged[] {
  requireNewDatedAction(cmd, state, ctx);
  if (cmd.companyIds.length === 0) throw ruleBroken('NO_COMPANY', 'companyIds needs at least one company', 'companyIds');
  cmd.companyIds.forEach((siret, i) => {
    if (!isValidSiret(siret)) throw ruleBroken('INVALID_SIRET', `companyIds[${i}] is not a valid SIRET`, `companyIds[${i}]`);
  });
  return [event('CompanySupportActionLogged', { ...cmd, companyIds: [...new Set(cmd.companyIds)] })];
}

export function logPromotion(cmd: LogPromotion, state: FacilitatorActivity | undefined, ctx: DecisionContext): PromotionActionLogged[] {
  requireNewDatedAction(cmd, state, ctx);
  if (cmd.attendees.length === 0) throw ruleBroken('NO_ATTENDEE', 'attendees needs at least one kind of attendee', 'attendees');
  const kinds = new Set<string>();
  cmd.attendees.forEach((a, i) => {
    if (kinds.has(a.kind)) throw ruleBroken('DUPLICATE_ATTENDEE_KIND', `attendees[${i}].kind ${a.kind} appears twice`, `attendees[${i}].kind`);
    kinds.add(a.kind);
    if (!Number.isSafeInteger(a.count) || a.count < 1) throw ruleBroken('INVALID_COUNT', `attendees[${i}].count must be a whole number above 0`, `attendees[${i}].count`);
  });
  return [event('PromotionActionLogged', { ...cmd })];
}

function requireNewDatedAction(cmd: { actionId: string; date: string }, state: FacilitatorActivity | undefined, ctx: DecisionContext): void {
  if (state?.actionIds.has(cmd.actionId)) throw conflict('ACTION_ALREADY_LOGGED', `action ${cmd.actionId} is already logged`, 'actionId');
  requireIsoDate(cmd.date, 'date');
  if (cmd.date > ctx.today) throw ruleBroken('DATED_IN_FUTURE', `date (${cmd.date}) is after today (${ctx.today})`, 'date');
}
