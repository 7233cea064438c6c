import { context, refusalOf } from '../testing/given-when-then';
import { evolveFacilitatorActivity, logCompanySupport, logPromotion } from './facilitator-activity';

const ctx = context('2026-03-20');
const organisation = 'mef-cotentin';

describe('the facilitator organisation\'s own actions', () => {
  it('logs a company support action once, for valid SIRETs', () => {
    const cmd = { organisation, actionId: 'cs-1', kind: 'HIRING_AID_ADVICE' as const, date: '2026-03-02', companyIds: ['73282932000074', '73282932000074'], summary: 'aides à l\'embauche' };
    const logged = logCompanySupport(cmd, undefined, ctx);
    expect(logged[0].data.companyIds).toEqual(['73282932000074']);
    const state = logged.reduce(evolveFacilitatorActivity, undefined);
    expect(refusalOf(() => logCompanySupport(cmd, state, ctx))).toEqual({ kind: 'conflict', code: 'ACTION_ALREADY_LOGGED', field: 'actionId' });
    expect(refusalOf(() => logCompanySupport({ ...cmd, actionId: 'cs-2', companyIds: ['12345678901234'] }, state, ctx))).toEqual({ kind: 'rule', code: 'INVALID_SIRET', field: 'companyIds[0]' });
  });

  it('logs a promotion action with its attendees by kind, never in the future', () => {
    const cmd = { organisation, actionId: 'p-1', kind: 'ACTORS_MEETING' as const, date: '2026-03-10', title: 'Réunion des acteurs de la clause', attendees: [{ kind: 'BUYER' as const, count: 6 }, { kind: 'COMPANY' as const, count: 9 }] };
    expect(logPromotion(cmd, undefined, ctx)).toHaveLength(1);
    expect(refusalOf(() => logPromotion({ ...cmd, date: '2026-04-01' }, undefined, ctx))).toEqual({ kind: 'rule', code: 'DATED_IN_FUTURE', field: 'date' });
    expect(refusalOf(() => logPromotion({ ...cmd, attendees: [{ kind: 'BUYER', count: 0 }] }, undefined, ctx))).toEqual({ kind: 'rule', code: 'INVALID_COUNT', field: 'attendees[0].count' });
  });
});
