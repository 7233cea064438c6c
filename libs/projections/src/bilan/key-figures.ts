import { departmentOfPostcode, fteOf, percentOf } from '@clause-ledger/domain';
import type { OfferBoardDoc } from '../job-offers/offer-board';
import type { BilanBeneficiaryDoc, BilanCompanyDoc, BilanMarketDoc } from './bilan.projection';
import type { BilanPlacement } from './placement-months';
import type { SupportCaseDoc } from '../support-cases/support-cases.projection';
import type { BilanMemo } from './bilan-memo';
import { ExitsBreakdown, Figure, breakdownBy, exitsOf, figure, profileOf } from './figures';
import { groupHours } from './group-hours';

export interface KeyFiguresScope {
  readonly year: number;
  readonly facilitatorOrganisation?: string;
  readonly department?: string;
}

/** The yearly "chiffres clés" of a facilitator's organisation on a territory, for its funders. */
export interface KeyFigures {
  readonly scope: KeyFiguresScope;
  readonly beneficiaries: Figure;
  readonly insertionHours: Figure;
  readonly fte: number;
  readonly shareUnder26Percent: number;
  readonly shareWithoutQualificationPercent: number;
  readonly shareUnder26OrWithoutQualificationPercent: number;
  readonly shareRsaPercent: number;
  readonly shareWomenPercent: number;
  readonly shareQpvPercent: number;
  readonly marketsFollowed: Figure;
  readonly worksMarkets: Figure;
  readonly shareWorksMarketsPercent: number;
  readonly buyersSupported: Figure;
  readonly companiesEngaged: Figure;
  readonly localCompanies: Figure;
  readonly shareLocalCompaniesPercent: number;
  readonly contractTypes: Record<string, { placements: Figure; hours: Figure }>;
  readonly exits: { sixMonths: ExitsBreakdown; twelveMonths: ExitsBreakdown };
  /** Candidates put forward on the scope's job offers during the year (repérage), and those hired. */
  readonly candidatesIdentified: Figure;
  readonly candidatesHired: Figure;
}

export interface KeyFiguresSources {
  readonly markets: readonly BilanMarketDoc[];
  /** With their months (placementsWithMonths). */
  readonly placements: readonly BilanPlacement[];
  readonly beneficiaries: ReadonlyMap<string, BilanBeneficiaryDoc>;
  readonly companies: ReadonlyMap<string, BilanCompanyDoc>;
  /** Buyers' support requests: a buyer helped in the year counts as supported even before any market. */
  readonly supportCases?: readonly SupportCaseDoc[];
  /** The job offers' board documents (none: no candidate counted). */
  readonly offers?: readonly OfferBoardDoc[];
}

/**
 * Markets followed: those of the scope whose execution overlaps the year. Beneficiaries and hours:
 * those with hours in the year's months. Companies engaged: the holders of the followed markets'
 * accepted lots; local when established in the market's département. Buyers supported: the
 * followed markets' buyers and those of the support requests worked on in the year.
 */
export function keyFigures(scope: KeyFiguresScope, sources: KeyFiguresSources, memo?: BilanMemo): KeyFigures {
  const first = `${scope.year}-01-01`;
  const last = `${scope.year}-12-31`;
  const inYear = (month: string) => month.startsWith(`${scope.year}-`);
  const inScope = sources.markets.filter((m) =>
    (!scope.facilitatorOrganisation || m.market.facilitatorOrganisation === scope.facilitatorOrganisation)
    && (!scope.department || m.market.department === scope.department));
  const markets = inScope.filter((m) => m.market.executionStart <= last && m.market.executionEnd >= first);
  const scopeIds = new Set(inScope.map((m) => m.market.marketId));
  // follow-ups recorded this year may concern contracts of earlier years' markets
  const followedUp = sources.placements.filter((p) => scopeIds.has(p.marketId));
  const marketIds = new Set(markets.map((m) => m.market.marketId));
  const worked = sources.placements.filter((p) => marketIds.has(p.marketId) && p.monthsByYear.some((ofYear) => Object.entries(ofYear).some(([month, m]) => inYear(month) && m.centi > 0)));
  const hours = groupHours(memo?.hours, inYear)(worked, `hours in ${scope.year}`);
  const hoursOf = groupHours(memo?.hours);
  const profile = memo ? memo.profileOf(worked, sources.beneficiaries) : profileOf(worked, sources.beneficiaries);
  const n = profile.beneficiaries.value;

  const holders = new Map<string, { eventIds: string[]; local: boolean }>();
  for (const m of markets) {
    for (const lot of Object.values(m.lots)) {
      if (!lot.companyId) continue;
      const company = sources.companies.get(lot.companyId);
      const holder = holders.get(lot.companyId) ?? { eventIds: [], local: false };
      holder.eventIds.push(...lot.obligationEventIds.slice(1), ...(company ? [company.eventId] : []));
      holder.local ||= !!company && departmentOfPostcode(company.postcode) === m.market.department;
      holders.set(lot.companyId, holder);
    }
  }
  const local = [...holders.values()].filter((h) => h.local);
  const works = markets.filter((m) => m.market.kind === 'WORKS');
  const buyers = new Map<string, string[]>();
  for (const m of markets) buyers.set(m.market.buyer.name, [...(buyers.get(m.market.buyer.name) ?? []), m.market.registeredEventId]);
  for (const c of supportedInYear(sources.supportCases ?? [], scope)) buyers.set(c.buyer.name, [...(buyers.get(c.buyer.name) ?? []), c.requestEventId]);
  const recordedInYear = (date: string) => date >= first && date <= last;
  const candidates = (sources.offers ?? []).filter((o) => scopeIds.has(o.marketId)).flatMap((o) => Object.values(o.candidates));
  const identified = candidates.filter((c) => recordedInYear(c.proposedOn));
  const hired = candidates.filter((c) => c.hiredOn !== null && recordedInYear(c.hiredOn));

  return {
    scope,
    beneficiaries: profile.beneficiaries,
    insertionHours: hours.figure,
    fte: fteOf(hours.centi),
    shareUnder26Percent: percentOf(profile.under26.value, n),
    shareWithoutQualificationPercent: percentOf(profile.withoutQualification.value, n),
    shareUnder26OrWithoutQualificationPercent: percentOf(profile.under26OrWithoutQualification.value, n),
    shareRsaPercent: percentOf(profile.rsa.value, n),
    shareWomenPercent: percentOf(profile.women.value, n),
    shareQpvPercent: percentOf(profile.qpv.value, n),
    marketsFollowed: figure(markets.length, markets.map((m) => m.market.registeredEventId)),
    worksMarkets: figure(works.length, works.map((m) => m.market.registeredEventId)),
    shareWorksMarketsPercent: percentOf(works.length, markets.length),
    buyersSupported: figure(buyers.size, [...buyers.values()].flat()),
    companiesEngaged: figure(holders.size, [...holders.values()].flatMap((h) => h.eventIds)),
    localCompanies: figure(local.length, local.flatMap((h) => h.eventIds)),
    shareLocalCompaniesPercent: percentOf(local.length, holders.size),
    contractTypes: breakdownBy(worked, (p) => p.contractType, (group, type) => hoursOf(group, `contract type ${type}`).figure),
    exits: { sixMonths: exitsOf(followedUp, '6', recordedInYear), twelveMonths: exitsOf(followedUp, '12', recordedInYear) },
    candidatesIdentified: figure(identified.length, identified.map((c) => c.proposedEventId)),
    candidatesHired: figure(hired.length, hired.map((c) => c.hiredEventId!)),
  };
}

/** The cases of the scope with casework in the year: the request, a level agreed or an action. */
function supportedInYear(cases: readonly SupportCaseDoc[], scope: KeyFiguresScope): SupportCaseDoc[] {
  const inYear = (date: string) => date.startsWith(`${scope.year}-`);
  return cases.filter((c) => (!scope.facilitatorOrganisation || c.facilitatorOrganisation === scope.facilitatorOrganisation)
    && (!scope.department || c.project.department === scope.department)
    && (inYear(c.requestedOn) || c.levels.some((l) => inYear(l.agreedOn)) || c.actions.some((a) => inYear(a.date))));
}
