import { conflict, ruleBroken } from '../shared/domain-error';
import { DecisionContext, DomainEvent, event } from '../shared/domain-event';
import { requireIsoDate } from '../shared/dates';

/**
 * Time enters the read models as facts: one ClockTicked a day. Alerts are evaluated on ticks,
 * so replaying the log gives the same alerts on the same days, whenever it is replayed.
 */
export const CLOCK_STREAM = 'clock';

export type ClockTicked = DomainEvent<'ClockTicked', { date: string }>;
export type MaybeClock = { lastDate: string } | undefined;

export function evolveClock(_clock: MaybeClock, e: ClockTicked): MaybeClock {
  return { lastDate: e.data.date };
}

export function tickClock(date: string, clock: MaybeClock, ctx: DecisionContext): ClockTicked[] {
  requireIsoDate(date, 'date');
  if (date > ctx.today) throw ruleBroken('TICK_IN_FUTURE', `date ${date} is after today (${ctx.today})`, 'date');
  // the same day again re-evaluates (e.g. after registering a market today); an earlier day is
  // history that alerts were already evaluated past, so saying "done" for it would be a lie
  if (clock && date < clock.lastDate) {
    throw conflict('CLOCK_DATE_IN_PAST', `date ${date} is before the clock's date (${clock.lastDate}): alerts are evaluated forward only`, 'date');
  }
  return [event('ClockTicked', { date })];
}
