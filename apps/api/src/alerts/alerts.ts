import { Body, Controller, Get, Injectable, Logger, NotFoundException, OnApplicationBootstrap, OnApplicationShutdown, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { Response } from 'express';
import {
  AcknowledgeAlert, CLOCK_STREAM, acknowledgeAlert, evolveClock, evolveMarketAlerts, marketAlertsStreamId, tickClock,
} from '@clause-ledger/domain';
import { CommandExecutor, CommandMeta, CommandResult } from '../command-handling/command-executor';
import { answer, commandMeta } from '../command-handling/command-meta';
import { DecisionContextProvider } from '../command-handling/decision-context';
import { CommandEndpoint } from '../http/command-endpoint';
import { CommandHeaders, CommandHeadersOf } from '../http/command-headers';
import { IsText, ISO_DATE_PATTERN } from '../http/dto-rules';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { InvalidInputException } from '../http/error-responses';
import { readYourWrites } from '../http/read-your-writes';
import { Clock } from '../infrastructure/clock';
import { ProjectionsService } from '../tracking/projections.service';

export class TickClockDto {
  @ApiProperty({ example: '2026-06-15', description: 'the date the alert rules are evaluated at (today at most)' })
  @IsString()
  @Matches(ISO_DATE_PATTERN, { message: '$property must be a date YYYY-MM-DD' })
  date: string;
}

export class AcknowledgeAlertDto {
  @IsText('C. Lefèvre, MEF du Cotentin', 200)
  acknowledgedBy: string;

  @ApiPropertyOptional({ example: 'Point fait avec l\'entreprise le 3 avril : deux recrutements prévus en mai.' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class TickClockCommand {
  constructor(readonly date: string, readonly meta: CommandMeta) {}
}
export class AcknowledgeAlertCommand {
  constructor(readonly cmd: AcknowledgeAlert, readonly meta: CommandMeta) {}
}

@CommandHandler(TickClockCommand)
export class TickClockHandler implements ICommandHandler<TickClockCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ date, meta }: TickClockCommand) {
    return this.executor.execute(meta, { streamId: CLOCK_STREAM, evolve: evolveClock }, (clock) => tickClock(date, clock, this.ctx.now()));
  }
}

@CommandHandler(AcknowledgeAlertCommand)
export class AcknowledgeAlertHandler implements ICommandHandler<AcknowledgeAlertCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider, private readonly projections: ProjectionsService) {}
  execute({ cmd, meta }: AcknowledgeAlertCommand) {
    return this.executor.execute(meta, { streamId: marketAlertsStreamId(cmd.marketId), evolve: evolveMarketAlerts }, (state) => {
      const known = !!this.projections.marketAlerts(cmd.marketId)?.alerts[cmd.alertId];
      return acknowledgeAlert(cmd, state, known, this.ctx.now());
    });
  }
}

/** Ticks the clock once a day (checked hourly), so that alerts follow the calendar on their own. */
@Injectable()
export class DailyClock implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DailyClock');
  private timer?: NodeJS.Timeout;
  constructor(private readonly commands: CommandBus, private readonly clock: Clock) {}

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
    try {
      // the key makes the day's tick idempotent across restarts and instances
      await this.commands.execute(new TickClockCommand(date, commandMeta('TickClock', { date }, { idempotencyKey: `clock-tick-${date}` })));
    } catch (error) {
      this.logger.warn(`clock tick for ${date} failed: ${(error as Error).message}; will retry within the hour`);
    }
  }
}

const ALERT_ID = /^[A-Z_]+:[A-Za-z0-9_:#-]{1,200}$/;

@ApiTags('alerts (alertes à l\'acheteur)')
@Controller()
export class AlertsController {
  constructor(private readonly commands: CommandBus, private readonly projections: ProjectionsService) {}

  @Post('clock/ticks')
  @CommandEndpoint('Evaluate the alert rules at a date (the app also ticks once a day by itself)')
  async tick(@Body() dto: TickClockDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const result: CommandResult = await this.commands.execute(new TickClockCommand(dto.date, commandMeta('TickClock', dto, headers)));
    return answer(res, result, { date: dto.date });
  }

  @Get('markets/:marketId/alerts')
  @ApiOperation({ summary: 'The alerts of a market, with severity, figures and the French message for the buyer' })
  @ApiQuery({ name: 'status', required: false, enum: ['OPEN', 'RESOLVED'] })
  @ApiQuery({ name: 'waitForPosition', required: false })
  async list(@Param('marketId', EntityIdPipe) marketId: string, @Query('status') status?: string, @Query('waitForPosition') waitForPosition?: string) {
    if (status !== undefined && status !== 'OPEN' && status !== 'RESOLVED') {
      throw new InvalidInputException([{ field: 'status', rule: 'isIn', message: 'status must be OPEN or RESOLVED' }]);
    }
    await readYourWrites(this.projections.alerts, waitForPosition);
    this.projections.assertMarketReadable(marketId);
    const doc = this.projections.marketAlerts(marketId);
    if (!doc) throw new NotFoundException(`market ${marketId} does not exist (or is not projected yet)`);
    return Object.values(doc.alerts)
      .filter((a) => !status || a.status === status)
      .sort((a, b) => (a.raisedOn === b.raisedOn ? a.alertId.localeCompare(b.alertId) : a.raisedOn.localeCompare(b.raisedOn)));
  }

  @Post('markets/:marketId/alerts/:alertId/acknowledgement')
  @CommandEndpoint('The facilitator acknowledges an alert (an event; the alert stays open until its condition clears)')
  async acknowledge(
    @Param('marketId', EntityIdPipe) marketId: string,
    @Param('alertId') alertId: string,
    @Body() dto: AcknowledgeAlertDto,
    @CommandHeadersOf() headers: CommandHeaders,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (!ALERT_ID.test(alertId)) throw new InvalidInputException([{ field: 'alertId', rule: 'format', message: 'alertId must be an alert id such as NO_PLACEMENT:lot-1' }]);
    const result: CommandResult = await this.commands.execute(
      new AcknowledgeAlertCommand({ marketId, alertId, ...dto }, commandMeta('AcknowledgeAlert', { marketId, alertId, dto }, headers)),
    );
    return answer(res, result, { marketId, alertId });
  }
}

export const ALERT_COMMAND_HANDLERS = [TickClockHandler, AcknowledgeAlertHandler];
