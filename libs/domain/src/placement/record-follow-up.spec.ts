import { Streams, context, given } from '../testing/given-when-then';
import { aBeneficiaryPlaced, aPlacementEnded } from '../testing/fixtures';
import { event } from '../shared/domain-event';
import { RecordFollowUp, followUpDueOn, recordFollowUp } from './record-follow-up';

const cmd: RecordFollowUp = { placementId: 'p-1', milestone: 6, situation: 'PERMANENT_CONTRACT' };
const record = (today: string, over: Partial<RecordFollowUp> = {}) => ({ placement }: Streams) => recordFollowUp({ ...cmd, ...over }, placement, context(today));
const ref = { placementId: 'p-1', marketId: 'm-1', lotId: 'lot-1', companyId: '73282932000074', beneficiaryId: 'b-1' };
const followUp = (milestone: 6 | 12, recordedOn: string) =>
  event('FollowUpRecorded', { ...ref, milestone, situation: 'PERMANENT_CONTRACT' as const, exitCategory: 'DURABLE_EMPLOYMENT' as const, recordedOn });

const ended = [aBeneficiaryPlaced(), aPlacementEnded()]; // ended on 2026-04-30

describe('following a beneficiary up after the contract', () => {
  it('is due 6 and 12 months after the end of the contract, clamped to the month\'s last day', () => {
    expect([followUpDueOn('2026-04-30', 6), followUpDueOn('2026-04-30', 12), followUpDueOn('2026-08-31', 6)]).toEqual(['2026-10-30', '2027-04-30', '2027-02-28']);
  });
  it('records the situation with its exit category', () => {
    given(ended).when(record('2026-10-30')).then([followUp(6, '2026-10-30')])
      .and(({ placement }) => expect(placement?.followUps).toEqual({ '6': 'PERMANENT_CONTRACT' }));
  });
  it('classes a short contract as emploi de transition', () => {
    given(ended).when(record('2026-10-30', { situation: 'FIXED_TERM_UNDER_6M' }))
      .then([event('FollowUpRecorded', { ...ref, milestone: 6, situation: 'FIXED_TERM_UNDER_6M', exitCategory: 'TRANSITION_EMPLOYMENT', recordedOn: '2026-10-30' })]);
  });
  it('may be recorded from two weeks before it is due', () => {
    given(ended).when(record('2026-10-16')).then([followUp(6, '2026-10-16')]);
  });
  it('is refused earlier than two weeks before it is due', () => {
    given(ended).when(record('2026-10-15')).thenRefuses({ kind: 'rule', code: 'FOLLOW_UP_NOT_DUE', field: 'milestone' });
  });
  it('the 12-month follow-up waits for its own date', () => {
    given(ended).when(record('2026-10-30', { milestone: 12 })).thenRefuses({ kind: 'rule', code: 'FOLLOW_UP_NOT_DUE', field: 'milestone' });
  });
  it('starts only once the contract ended', () => {
    given([aBeneficiaryPlaced()]).when(record('2026-10-30')).thenRefuses({ kind: 'rule', code: 'PLACEMENT_NOT_ENDED', field: 'placementId' });
  });
  it('each milestone is recorded once', () => {
    given([...ended, followUp(6, '2026-10-30')]).when(record('2026-11-02')).thenRefuses({ kind: 'conflict', code: 'FOLLOW_UP_ALREADY_RECORDED', field: 'milestone' });
  });
  it('the 12-month follow-up is recorded after the 6-month one', () => {
    given([...ended, followUp(6, '2026-10-30')]).when(record('2027-04-30', { milestone: 12 })).then([followUp(12, '2027-04-30')]);
  });
  it('an unknown placement is not found', () => {
    given().when(record('2026-10-30')).thenRefuses({ kind: 'not_found', code: 'PLACEMENT_NOT_FOUND', field: 'placementId' });
  });
});
