import { SupportCaseDoc } from './support-cases.projection';
import { caseload } from './caseload';

const doc = (over: Partial<SupportCaseDoc>): SupportCaseDoc => ({
  caseId: 'c1', requestEventId: 'e1', facilitatorOrganisationId: 'mef-cotentin', facilitatorOrganisation: 'MEF du Cotentin', buyer: { name: 'Commune de Tourlaville', kind: 'COMMUNE' },
  project: { title: 'École', territory: 'Cherbourg-en-Cotentin (50)', department: '50', marketKind: 'WORKS', estimatedAmountCents: 1, expectedPublication: '2026-09' },
  channel: 'EMAIL', requestedOn: '2026-01-10', level: 1, levels: [{ level: 1, agreedOn: '2026-01-10' }], lots: {}, actions: [], documents: [],
  nextAction: null, lastActionOn: '2026-01-10', marketId: null, linkedOn: null, closed: null, ...over,
});

describe('the facilitator\'s caseload', () => {
  it('flags a case left without action for longer than the threshold', () => {
    expect(caseload([doc({})], 'mef-cotentin', '2026-03-01', 30).alerts.map((a) => [a.caseId, a.daysSinceLastAction])).toEqual([['c1', 50]]);
  });
  it('does not flag a case waiting for a step planned ahead, but does once that step is overdue', () => {
    const waiting = doc({ nextAction: { date: '2026-03-15', summary: 'DCE attendu' } });
    expect(caseload([waiting], 'mef-cotentin', '2026-03-01', 30).alerts).toEqual([]);
    expect(caseload([waiting], 'mef-cotentin', '2026-03-16', 30).alerts).toHaveLength(1);
  });
  it('leaves out closed cases, other organisations\' cases and cases requested after the date', () => {
    const docs = [doc({ caseId: 'closed', closed: { outcome: 'NO_CLAUSE', reason: 'x', closedOn: '2026-02-01' } }), doc({ caseId: 'other', facilitatorOrganisationId: 'cd50', facilitatorOrganisation: 'Département de la Manche' }), doc({ caseId: 'later', requestedOn: '2026-04-01' }), doc({ caseId: 'open' })];
    expect(caseload(docs, 'mef-cotentin', '2026-03-01', 30).cases.map((c) => c.caseId)).toEqual(['open']);
  });
  it('counts open cases by level and stage, next planned actions first', () => {
    const docs = [doc({ caseId: 'a', level: null, levels: [] }), doc({ caseId: 'b', level: 2, nextAction: { date: '2026-03-10', summary: 'x' } })];
    const load = caseload(docs, 'mef-cotentin', '2026-03-01', 30);
    expect(load).toMatchObject({ openCases: 2, byLevel: { '1': 0, '2': 1, '3': 0, none: 1 }, byStage: { REQUESTED: 2 } });
    expect(load.cases.map((c) => c.caseId)).toEqual(['b', 'a']);
  });
});
