import { CaseStage, daysBetween, stageOf } from '@clause-ledger/domain';
import { SupportCaseDoc } from './support-cases.projection';

export interface CaseloadEntry {
  readonly caseId: string;
  readonly buyer: { name: string; kind: string };
  readonly project: string;
  readonly level: number | null;
  readonly stage: CaseStage;
  readonly requestedOn: string;
  readonly lastActionOn: string;
  readonly daysSinceLastAction: number;
  readonly nextAction: { date: string; summary: string } | null;
  readonly marketId: string | null;
}

export interface CaseAlert {
  readonly caseId: string;
  readonly code: 'CASE_WITHOUT_ACTION';
  readonly severity: 'WARNING';
  readonly daysSinceLastAction: number;
  /** For the facilitator, in French. */
  readonly message: string;
}

export interface Caseload {
  readonly facilitatorOrganisationId: string;
  readonly asOf: string;
  readonly staleAfterDays: number;
  readonly openCases: number;
  readonly byLevel: Record<'1' | '2' | '3' | 'none', number>;
  readonly byStage: Partial<Record<CaseStage, number>>;
  /** Open cases, the next planned action first, then those without a plan, oldest activity first. */
  readonly cases: CaseloadEntry[];
  readonly alerts: CaseAlert[];
}

/** The facilitator's open cases as they stand on `asOf`, with the ones left without action for too long. */
export function caseload(docs: readonly SupportCaseDoc[], facilitatorOrganisationId: string, asOf: string, staleAfterDays: number): Caseload {
  const open = docs.filter((d) => d.facilitatorOrganisationId === facilitatorOrganisationId && !d.closed && d.requestedOn <= asOf);
  const cases = open.map((d): CaseloadEntry => ({
    caseId: d.caseId, buyer: d.buyer, project: d.project.title, level: d.level, stage: stageOf(d), requestedOn: d.requestedOn,
    lastActionOn: d.lastActionOn, daysSinceLastAction: daysBetween(d.lastActionOn, asOf), nextAction: d.nextAction, marketId: d.marketId,
  })).sort(byNextActionThenAge);
  const byLevel = { '1': 0, '2': 0, '3': 0, none: 0 };
  const byStage: Partial<Record<CaseStage, number>> = {};
  for (const c of cases) {
    byLevel[c.level ? (String(c.level) as '1' | '2' | '3') : 'none'] += 1;
    byStage[c.stage] = (byStage[c.stage] ?? 0) + 1;
  }
  // a case waiting for a step planned ahead is not neglected, however long ago the last action was
  const alerts = cases.filter((c) => c.daysSinceLastAction > staleAfterDays && !(c.nextAction && c.nextAction.date >= asOf)).map((c): CaseAlert => ({
    caseId: c.caseId, code: 'CASE_WITHOUT_ACTION', severity: 'WARNING', daysSinceLastAction: c.daysSinceLastAction,
    message: `Aucune action sur la demande de ${c.buyer.name} (« ${c.project} ») depuis ${c.daysSinceLastAction} jours.`,
  }));
  return { facilitatorOrganisationId, asOf, staleAfterDays, openCases: cases.length, byLevel, byStage, cases, alerts };
}

function byNextActionThenAge(a: CaseloadEntry, b: CaseloadEntry): number {
  if (a.nextAction && b.nextAction) return a.nextAction.date.localeCompare(b.nextAction.date) || a.caseId.localeCompare(b.caseId);
  if (a.nextAction || b.nextAction) return a.nextAction ? -1 : 1;
  return a.lastActionOn.localeCompare(b.lastActionOn) || a.caseId.localeCompare(b.caseId);
}
