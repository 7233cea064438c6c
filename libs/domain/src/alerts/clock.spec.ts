import { Streams, context, given } from '../testing/given-when-then';
import { event } from '../shared/domain-event';
import { tickClock } from './clock';

const ctx = context('2026-06-15');
const tick = (date: string) => ({ clock }: Streams) => tickClock(date, clock, ctx);
const ticked = (date: string) => event('ClockTicked', { date });

describe('the daily clock', () => {
  it('records the day as a fact, so alerts replay on the same days', () => {
    given([ticked('2026-06-14')]).when(tick('2026-06-15')).then([ticked('2026-06-15')])
      .and(({ clock }) => expect(clock).toEqual({ lastDate: '2026-06-15' }));
  });
  it('may tick the same day again to re-evaluate', () => {
    given([ticked('2026-06-15')]).when(tick('2026-06-15')).then([ticked('2026-06-15')]);
  });
  it('an earlier day is history: refused with the clock\'s date, nothing recorded', () => {
    given([ticked('2026-06-15')]).when(tick('2026-06-10')).thenRefuses({ kind: 'conflict', code: 'CLOCK_DATE_IN_PAST', field: 'date' });
  });
  it('cannot tick a day that has not come', () => {
    given().when(tick('2026-06-16')).thenRefuses({ kind: 'rule', code: 'TICK_IN_FUTURE', field: 'date' });
  });
  it('ticks real calendar dates', () => {
    given().when(tick('2026-06-31')).thenRefuses({ kind: 'rule', code: 'INVALID_DATE', field: 'date' });
  });
});
