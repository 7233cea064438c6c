import { Body, Controller, Get, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { CommandResult } from '../command-handling/command-executor';
import { answer, commandMeta } from '../command-handling/command-meta';
import { CommandEndpoint } from '../http/command-endpoint';
import { CommandHeaders, CommandHeadersOf } from '../http/command-headers';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { InvalidInputException } from '../http/invalid-input';
import { readYourWrites } from '../http/read-your-writes';
import { ProjectionsService } from '../tracking/projections.service';
import { AcknowledgeAlertCommand, TickClockCommand } from './alert.commands';
import { AcknowledgeAlertDto, TickClockDto } from './alert.dto';
import { Allow, InScopeOf } from '../auth/access.decorators';

const ALERT_ID = /^[A-Z_]+:[A-Za-z0-9_:#-]{1,200}$/;

@ApiTags('alerts (alertes à l\'acheteur)')
@Controller()
export class AlertsController {
  constructor(private readonly commands: CommandBus, private readonly projections: ProjectionsService) {}

  @Post('clock/ticks')
  @Allow('ADMIN')
  @CommandEndpoint('Evaluate the alert rules at a date: today at most (422 TICK_IN_FUTURE), the clock\'s date or later (409 CLOCK_DATE_IN_PAST, naming the clock\'s date); the app also ticks once a day by itself')
  async tick(@Body() dto: TickClockDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const result: CommandResult = await this.commands.execute(new TickClockCommand(dto.date, commandMeta('TickClock', dto, headers)));
    return answer(res, result, { date: dto.date });
  }

  @Get('markets/:marketId/alerts')
  @Allow('FACILITATOR', 'BUYER', 'AUDITOR')
  @InScopeOf({ market: 'marketId' })
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
  @Allow('FACILITATOR')
  @InScopeOf({ market: 'marketId' })
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
