import { Body, Controller, Get, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { evolvePlacement, placementStreamId } from '@clause-ledger/domain';
import { CommandExecutor, CommandResult } from '../command-handling/command-executor';
import { answer, commandMeta } from '../command-handling/command-meta';
import { newEntityId } from '../command-handling/entity-id';
import { CommandEndpoint } from '../http/command-endpoint';
import { CommandHeaders, CommandHeadersOf } from '../http/command-headers';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { MonthPipe } from '../http/month.pipe';
import { historyEntry } from '../command-handling/history';
import { CorrectHoursCommand, DeclareHoursCommand, EndPlacementCommand, PlaceBeneficiaryCommand, RecordFollowUpCommand } from './placement.commands';
import { CorrectHoursDto, DeclareHoursDto, EndPlacementDto, PlaceBeneficiaryDto, RecordFollowUpDto } from './placements.dto';
import { Allow, InScopeOf } from '../auth/access.decorators';

@ApiTags('placements (mises en relation, heures)')
@Controller('placements')
export class PlacementsController {
  constructor(private readonly commands: CommandBus, private readonly executor: CommandExecutor) {}

  @Post()
  @Allow('FACILITATOR')
  @InScopeOf({ market: 'body.marketId', beneficiary: 'body.beneficiaryId' })
  @CommandEndpoint('Place an eligible beneficiary with the company holding a lot, through a modality and contract')
  async place(@Body() dto: PlaceBeneficiaryDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const placementId = newEntityId('placement', dto.placementId, headers);
    const { placementId: _clientId, ...fields } = dto;
    const result: CommandResult = await this.commands.execute(
      new PlaceBeneficiaryCommand({ ...fields, placementId }, commandMeta('PlaceBeneficiary', dto, headers)),
    );
    return answer(res, result, { placementId });
  }

  @Post(':placementId/hours')
  @Allow('FACILITATOR', 'COMPANY')
  @InScopeOf({ placement: 'placementId' })
  @CommandEndpoint('Declare the hours of one month (relevé mensuel); a second declaration for the month is a 409')
  async declareHours(
    @Param('placementId', EntityIdPipe) placementId: string,
    @Body() dto: DeclareHoursDto,
    @CommandHeadersOf() headers: CommandHeaders,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result: CommandResult = await this.commands.execute(
      new DeclareHoursCommand({ placementId, ...dto }, commandMeta('DeclareHours', { placementId, dto }, headers)),
    );
    return answer(res, result, { placementId, month: dto.month });
  }

  @Post(':placementId/hours/:month/corrections')
  @Allow('FACILITATOR')
  @InScopeOf({ placement: 'placementId' })
  @CommandEndpoint('Correct a month\'s hours: a new event with the reason, never an edit')
  async correctHours(
    @Param('placementId', EntityIdPipe) placementId: string,
    @Param('month', MonthPipe) month: string,
    @Body() dto: CorrectHoursDto,
    @CommandHeadersOf() headers: CommandHeaders,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result: CommandResult = await this.commands.execute(
      new CorrectHoursCommand({ placementId, month, ...dto }, commandMeta('CorrectHours', { placementId, month, dto }, headers)),
    );
    return answer(res, result, { placementId, month });
  }

  @Post(':placementId/end')
  @Allow('FACILITATOR')
  @InScopeOf({ placement: 'placementId' })
  @CommandEndpoint('Record the end of a placement')
  async end(
    @Param('placementId', EntityIdPipe) placementId: string,
    @Body() dto: EndPlacementDto,
    @CommandHeadersOf() headers: CommandHeaders,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result: CommandResult = await this.commands.execute(
      new EndPlacementCommand({ placementId, ...dto }, commandMeta('EndPlacement', { placementId, dto }, headers)),
    );
    return answer(res, result, { placementId });
  }

  @Post(':placementId/follow-ups')
  @Allow('FACILITATOR')
  @InScopeOf({ placement: 'placementId' })
  @CommandEndpoint('Record the beneficiary\'s situation 6 or 12 months after the contract ended')
  async followUp(
    @Param('placementId', EntityIdPipe) placementId: string,
    @Body() dto: RecordFollowUpDto,
    @CommandHeadersOf() headers: CommandHeaders,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result: CommandResult = await this.commands.execute(
      new RecordFollowUpCommand({ placementId, ...dto }, commandMeta('RecordFollowUp', { placementId, dto }, headers)),
    );
    return answer(res, result, { placementId, milestone: dto.milestone });
  }

  @Get(':placementId')
  @Allow('FACILITATOR', 'COMPANY', 'AUDITOR')
  @InScopeOf({ placement: 'placementId' })
  async get(@Param('placementId', EntityIdPipe) placementId: string) {
    const { state: placement, events } = await this.executor.load(placementStreamId(placementId), evolvePlacement);
    if (!placement) throw new NotFoundException(`placement ${placementId} does not exist`);
    return { ...placement, history: events.map(historyEntry) };
  }
}
