import { DomainError, DomainErrorKind } from '../shared/domain-error';
import { DecisionContext, DEFAULT_POLICY, DomainEvent, DomainPolicy } from '../shared/domain-event';
import { MARKET_EVENT_TYPES, MarketEvent } from '../market/market-events';
import { MaybeMarket, evolveMarket } from '../market/market';
import { COMPANY_EVENT_TYPES, CompanyEvent, MaybeCompany, evolveCompany } from '../company/company';
import { BENEFICIARY_EVENT_TYPES, BeneficiaryEvent } from '../beneficiary/beneficiary-events';
import { MaybeBeneficiary, evolveBeneficiary } from '../beneficiary/beneficiary';
import { PLACEMENT_EVENT_TYPES, PlacementEvent } from '../placement/placement-events';
import { MaybePlacement, evolvePlacement } from '../placement/placement';
import { ClockTicked, MaybeClock, evolveClock } from '../alerts/clock';
import { AlertAcknowledged, AlertAcknowledgements, evolveAlertAcknowledgements } from '../alerts/acknowledge-alert';
import { BadgeEvent, Badges, evolveBadges } from '../badges/badges';

/** Mid-June 2026: inside the execution period of the fixtures' market. */
export const context = (today = '2026-06-15', policy: Partial<DomainPolicy> = {}): DecisionContext => ({
  today,
  policy: { ...DEFAULT_POLICY, ...policy },
});

/** The state of the streams a command reads. A scenario holds at most one stream of each kind. */
export interface Streams {
  readonly market: MaybeMarket;
  readonly company: MaybeCompany;
  readonly beneficiary: MaybeBeneficiary;
  readonly placement: MaybePlacement;
  readonly clock: MaybeClock;
  readonly alerts: AlertAcknowledgements | undefined;
  readonly badges: Badges | undefined;
}

const NOTHING_YET: Streams = {
  market: undefined, company: undefined, beneficiary: undefined, placement: undefined, clock: undefined, alerts: undefined, badges: undefined,
};

/** Each event goes to its own stream's evolve function, as the command handlers load them. */
export function fold(history: readonly DomainEvent[], streams: Streams = NOTHING_YET): Streams {
  return history.reduce(evolveStreams, streams);
}

function evolveStreams(s: Streams, e: DomainEvent): Streams {
  if (MARKET_EVENT_TYPES.has(e.type)) return { ...s, market: evolveMarket(s.market, e as MarketEvent) };
  if (COMPANY_EVENT_TYPES.has(e.type)) return { ...s, company: evolveCompany(s.company, e as CompanyEvent) };
  if (BENEFICIARY_EVENT_TYPES.has(e.type)) return { ...s, beneficiary: evolveBeneficiary(s.beneficiary, e as BeneficiaryEvent) };
  if (PLACEMENT_EVENT_TYPES.has(e.type)) return { ...s, placement: evolvePlacement(s.placement, e as PlacementEvent) };
  if (e.type === 'ClockTicked') return { ...s, clock: evolveClock(s.clock, e as ClockTicked) };
  if (e.type === 'AlertAcknowledged') return { ...s, alerts: evolveAlertAcknowledgements(s.alerts, e as AlertAcknowledged) };
  if (e.type === 'BadgeAwarded' || e.type === 'BadgeRevoked') return { ...s, badges: evolveBadges(s.badges, e as BadgeEvent) };
  throw new Error(`given(): no stream is folded from ${e.type} events`);
}

export interface Refusal {
  readonly kind: DomainErrorKind;
  readonly code: string;
  readonly field: string;
}

/**
 * given([marketRegistered, clauseDefined])
 *   .when(({ market }) => acceptClause(cmd, market, company, ctx))
 *   .then([clauseAccepted])                     // exactly these events
 *   .and(({ market }) => expect(...))           // optional: the state once they are folded
 * or .thenRefuses({ kind: 'conflict', code: 'CLAUSE_ALREADY_ACCEPTED', field: 'lotId' })
 */
export function given(history: readonly DomainEvent[] = []) {
  const before = fold(history);
  return {
    when(decide: (streams: Streams) => readonly DomainEvent[]) {
      return {
        then(expected: readonly DomainEvent[]) {
          const recorded = decide(before);
          expect(recorded).toEqual(expected);
          return { and: (check: (after: Streams) => void) => check(fold(recorded, before)) };
        },
        thenRefuses(expected: Refusal) {
          expect(refusalOf(() => decide(before))).toEqual(expected);
        },
      };
    },
  };
}

/** The refusal a decision ends with; fails the test when it records events or breaks in another way. */
export function refusalOf(decide: () => unknown): Refusal {
  let recorded: unknown;
  try {
    recorded = decide();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { kind: error.kind, code: error.code, field: error.field as string };
  }
  throw new Error(`expected a refusal, but the decision recorded ${JSON.stringify(recorded)}`);
}
