import { conflict, notFound, ruleBroken } from '../shared/domain-error';
import { DecisionContext, DomainEvent, event } from '../shared/domain-event';
import { toCentiHours } from '../shared/quantities';
import { ClauseFulfilment } from './clause-fulfilment';

/**
 * Badges « expérience réussie » live in one stream: awards are rare, and the stream's order gives
 * each badge its index in the revocation status list.
 */
export const BADGES_STREAM = 'badges';

export type BadgeRecipient = { type: 'BUYER'; name: string } | { type: 'COMPANY'; companyId: string; name: string };

export type BadgeAwarded = DomainEvent<'BadgeAwarded', {
  badgeId: string;
  marketId: string;
  recipient: BadgeRecipient;
  awardedOn: string;
  statusListIndex: number;
  /** The signed Open Badges 3.0 credential (VC-JWT), as issued. */
  credentialJwt: string;
}>;

export type BadgeRevoked = DomainEvent<'BadgeRevoked', { badgeId: string; reason: string; revokedOn: string }>;
export type BadgeEvent = BadgeAwarded | BadgeRevoked;

export interface Badges {
  readonly awarded: Readonly<Record<string, BadgeAwarded['data'] & { revoked?: { reason: string; revokedOn: string } }>>;
  readonly count: number;
}

export function evolveBadges(badges: Badges | undefined, e: BadgeEvent): Badges {
  const state = badges ?? { awarded: {}, count: 0 };
  if (e.type === 'BadgeAwarded') return { awarded: { ...state.awarded, [e.data.badgeId]: e.data }, count: state.count + 1 };
  const badge = state.awarded[e.data.badgeId];
  return { ...state, awarded: { ...state.awarded, [e.data.badgeId]: { ...badge, revoked: { reason: e.data.reason, revokedOn: e.data.revokedOn } } } };
}

export interface AwardBadge {
  readonly badgeId: string;
  readonly marketId: string;
  readonly recipient: BadgeRecipient;
  readonly credentialJwt: string;
}

/** The next free index in the status list, for the credential the handler is about to sign. */
export const nextStatusListIndex = (badges: Badges | undefined): number => badges?.count ?? 0;

export function awardBadge(cmd: AwardBadge, badges: Badges | undefined, fulfilment: ClauseFulfilment | undefined, ctx: DecisionContext): BadgeAwarded[] {
  if (!fulfilment) throw notFound('MARKET_NOT_FOUND', `market ${cmd.marketId} does not exist`, 'marketId');
  if (!fulfilment.closed) throw ruleBroken('MARKET_NOT_CLOSED', `market ${cmd.marketId} is not closed: a badge rewards a clause whose bilan is issued`, 'marketId');
  const short = fulfilment.lots.filter((l) => l.targetHours > 0 && toCentiHours(l.hoursDone) < toCentiHours(l.targetHours));
  if (short.length > 0) {
    throw ruleBroken('CLAUSE_NOT_FULFILLED', `the clause is not fulfilled: ${short.map((l) => `lot ${l.lotId} ${l.hoursDone} h of ${l.targetHours} h`).join(', ')}`, 'marketId');
  }
  if (cmd.recipient.type === 'COMPANY' && !fulfilment.lots.some((l) => l.companyId === (cmd.recipient as { companyId: string }).companyId)) {
    throw ruleBroken('NOT_A_MARKET_COMPANY', `company ${cmd.recipient.companyId} holds no lot of market ${cmd.marketId}`, 'companyId');
  }
  const same = Object.values(badges?.awarded ?? {}).find((b) => b.marketId === cmd.marketId && !b.revoked && sameRecipient(b.recipient, cmd.recipient));
  if (same) throw conflict('BADGE_ALREADY_AWARDED', `this recipient already holds badge ${same.badgeId} for market ${cmd.marketId}`, 'recipient');
  return [event('BadgeAwarded', { badgeId: cmd.badgeId, marketId: cmd.marketId, recipient: cmd.recipient, awardedOn: ctx.today, statusListIndex: nextStatusListIndex(badges), credentialJwt: cmd.credentialJwt })];
}

export function revokeBadge(cmd: { badgeId: string; reason: string }, badges: Badges | undefined, ctx: DecisionContext): BadgeRevoked[] {
  const badge = badges?.awarded[cmd.badgeId];
  if (!badge) throw notFound('BADGE_NOT_FOUND', `badge ${cmd.badgeId} does not exist`, 'badgeId');
  if (badge.revoked) throw conflict('BADGE_ALREADY_REVOKED', `badge ${cmd.badgeId} was revoked on ${badge.revoked.revokedOn}`, 'badgeId');
  if (!cmd.reason.trim()) throw ruleBroken('REASON_REQUIRED', 'a revocation needs a reason', 'reason');
  return [event('BadgeRevoked', { badgeId: cmd.badgeId, reason: cmd.reason, revokedOn: ctx.today })];
}

function sameRecipient(a: BadgeRecipient, b: BadgeRecipient): boolean {
  return a.type === b.type && (a.type === 'BUYER' || a.companyId === (b as { companyId: string }).companyId);
}
