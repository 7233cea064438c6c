import { MarketTrackingDoc } from '../execution-tracking/execution-tracking.projection';
import { FacilitatorActivityDoc, SupportCaseDoc } from './support-cases.projection';

/** From the first request to the hours done: how far the year's requests went. */
export interface Funnel {
  readonly requests: number;
  readonly withOpportunityAnalysis: number;
  readonly withProposal: number;
  readonly withAdoptedProposal: number;
  readonly marketsWithClause: number;
  readonly closedWithoutClause: number;
  readonly hoursProposed: number;
  readonly hoursAdopted: number;
  /** Targets of the clauses on the markets the requests became. */
  readonly hoursContracted: number;
  /** Hours done to date on those markets. */
  readonly hoursDone: number;
}

export interface ActivityReport {
  readonly facilitatorOrganisationId: string;
  readonly year: number;
  /** Distinct buyers with casework in the year, each counted at the highest level agreed by the year's end. */
  readonly buyersSupported: { total: number; byLevel: Record<'1' | '2' | '3' | 'none', number> };
  readonly cases: { requested: number; openAtYearEnd: number; becameMarkets: number; closedWithoutClause: number };
  readonly actionsByAxis: {
    /** Axis 1: support to buyers (case actions). */
    buyerSupport: { total: number; byKind: Record<string, number> };
    /** Axis 2: support to companies. */
    companySupport: { total: number; byKind: Record<string, number>; companiesSupported: number };
    /** Axis 4: promotion of the clause. */
    promotion: { total: number; byKind: Record<string, number> };
  };
  readonly meetings: { launchMeetings: number; promotionMeetings: number; attendeesByKind: Record<string, number>; attendees: number };
  readonly clauses: { proposed: number; adopted: number; declined: number };
  readonly funnel: Funnel;
}

/**
 * What a facilitator organisation did in a year, for its funders (seed 001: agglomeration,
 * Département, State): casework by level, actions by axis, meetings, clauses and hours. Hours are
 * summed in hundredths, as everywhere else.
 */
export function activityReport(
  docs: readonly SupportCaseDoc[], activity: FacilitatorActivityDoc | undefined, facilitatorOrganisationId: string, year: number,
  trackingOf: (marketId: string) => MarketTrackingDoc | undefined,
): ActivityReport {
  const inYear = (date: string | undefined | null) => !!date && date.startsWith(`${year}-`);
  const yearEnd = `${year}-12-31`;
  const own = docs.filter((d) => d.facilitatorOrganisationId === facilitatorOrganisationId && d.requestedOn <= yearEnd);
  const active = own.filter((d) => inYear(d.requestedOn) || d.actions.some((a) => inYear(a.date)) || d.levels.some((l) => inYear(l.agreedOn)));

  const levelByBuyer = new Map<string, number>();
  for (const d of active) {
    const level = Math.max(0, ...d.levels.filter((l) => l.agreedOn <= yearEnd).map((l) => l.level));
    const buyer = `${d.buyer.kind}|${d.buyer.name}`;
    levelByBuyer.set(buyer, Math.max(levelByBuyer.get(buyer) ?? 0, level));
  }
  const byLevel = { '1': 0, '2': 0, '3': 0, none: 0 };
  for (const level of levelByBuyer.values()) byLevel[level ? (String(level) as '1' | '2' | '3') : 'none'] += 1;

  const caseActions = own.flatMap((d) => d.actions.filter((a) => inYear(a.date)));
  const companySupport = (activity?.companySupport ?? []).filter((a) => inYear(a.date));
  const promotion = (activity?.promotion ?? []).filter((a) => inYear(a.date));
  const attendeesByKind: Record<string, number> = {};
  for (const p of promotion) for (const a of p.attendees) attendeesByKind[a.kind] = (attendeesByKind[a.kind] ?? 0) + a.count;

  const lots = own.flatMap((d) => Object.values(d.lots));
  return {
    facilitatorOrganisationId, year,
    buyersSupported: { total: levelByBuyer.size, byLevel },
    cases: {
      requested: own.filter((d) => inYear(d.requestedOn)).length,
      openAtYearEnd: own.filter((d) => !d.closed || d.closed.closedOn > yearEnd).length,
      becameMarkets: own.filter((d) => inYear(d.linkedOn)).length,
      closedWithoutClause: own.filter((d) => d.closed?.outcome === 'NO_CLAUSE' && inYear(d.closed.closedOn)).length,
    },
    actionsByAxis: {
      buyerSupport: { total: caseActions.length, byKind: countBy(caseActions, (a) => a.kind) },
      companySupport: { total: companySupport.length, byKind: countBy(companySupport, (a) => a.kind), companiesSupported: new Set(companySupport.flatMap((a) => a.companyIds)).size },
      promotion: { total: promotion.length, byKind: countBy(promotion, (a) => a.kind) },
    },
    meetings: {
      launchMeetings: caseActions.filter((a) => a.kind === 'LAUNCH_MEETING').length,
      promotionMeetings: promotion.length,
      attendeesByKind,
      attendees: Object.values(attendeesByKind).reduce((a, b) => a + b, 0),
    },
    clauses: {
      proposed: lots.filter((l) => inYear(l.proposal?.proposedOn)).length,
      adopted: lots.filter((l) => l.adopted === true && inYear(l.answer?.answeredOn)).length,
      declined: lots.filter((l) => l.adopted === false && inYear(l.answer?.answeredOn)).length,
    },
    funnel: funnel(own.filter((d) => inYear(d.requestedOn)), trackingOf),
  };
}

/** The requests' way from the first call to the hours done. */
export function funnel(requests: readonly SupportCaseDoc[], trackingOf: (marketId: string) => MarketTrackingDoc | undefined): Funnel {
  let centiProposed = 0;
  let centiAdopted = 0;
  let centiContracted = 0;
  let centiDone = 0;
  for (const d of requests) {
    for (const lot of Object.values(d.lots)) {
      if (!lot.proposal) continue;
      centiProposed += lot.proposal.targetHours * 100;
      if (lot.adopted) centiAdopted += lot.proposal.targetHours * 100;
    }
    const tracking = d.marketId ? trackingOf(d.marketId) : undefined;
    for (const lot of Object.values(tracking?.lots ?? {})) {
      centiContracted += (lot.targetHours ?? 0) * 100;
      centiDone += lot.centiHoursDone;
    }
  }
  return {
    requests: requests.length,
    withOpportunityAnalysis: requests.filter((d) => Object.values(d.lots).some((l) => l.opportunity)).length,
    withProposal: requests.filter((d) => Object.values(d.lots).some((l) => l.proposal)).length,
    withAdoptedProposal: requests.filter((d) => Object.values(d.lots).some((l) => l.adopted)).length,
    marketsWithClause: requests.filter((d) => d.marketId).length,
    closedWithoutClause: requests.filter((d) => d.closed?.outcome === 'NO_CLAUSE').length,
    hoursProposed: centiProposed / 100,
    hoursAdopted: centiAdopted / 100,
    hoursContracted: centiContracted / 100,
    hoursDone: centiDone / 100,
  };
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
