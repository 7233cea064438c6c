import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SYSTEM_ACTOR } from '../auth/actor';
import { commandMeta } from '../command-handling/command-meta';
import { positionFromString } from '@clause-ledger/event-store';
import { CommandResult } from '../command-handling/command-executor';
import { Clock } from '../infrastructure/clock';
import { OfferExpiry } from '../job-offers/offer-expiry';
import { TickClockCommand } from './alert.commands';

/**
 * Ticks the clock once a day (checked hourly), so that alerts follow the calendar on their own, and
 * expires the job offers whose date has passed.
 */
@Injectable()
export class DailyClock implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DailyClock');
  private timer?: NodeJS.Timeout;
  constructor(private readonly commands: CommandBus, private readonly clock: Clock, private readonly offers: OfferExpiry) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), 3_600_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    const date = this.clock.today();
    let ticked: CommandResult;
    try {
      // the key makes the day's tick idempotent across restarts and instances
      ticked = await this.commands.execute(new TickClockCommand(date, commandMeta('TickClock', { date }, { idempotencyKey: `clock-tick-${date}`, actor: SYSTEM_ACTOR })));
    } catch (error) {
      this.logger.warn(`clock tick for ${date} failed: ${(error as Error).message}; will retry within the hour`);
      return;
    }
    await this.offers.expirePastOffers(date, positionFromString(ticked.position))
      .catch((error: Error) => this.logger.warn(`offer expiry for ${date} failed: ${error.message}; will retry within the hour`));
  }
}
