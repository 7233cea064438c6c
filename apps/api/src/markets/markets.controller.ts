import { Body, Controller, Param, Post, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { CommandResult } from '../command-handling/command-executor';
import { answer, commandMeta } from '../command-handling/command-meta';
import { newEntityId } from '../command-handling/entity-id';
import { CommandEndpoint } from '../http/command-endpoint';
import { CommandHeaders, CommandHeadersOf } from '../http/command-headers';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { AcceptClauseCommand, CloseMarketCommand, DefineClauseCommand, RegisterMarketCommand } from './market.commands';
import { toTargetInput } from './target-input';
import { AcceptClauseDto, CloseMarketDto, DefineClauseDto, RegisterMarketDto } from './market.dto';
import { Allow, InScopeOf } from '../auth/access.decorators';

@ApiTags('markets (marchés)')
@Controller('markets')
export class MarketsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Allow('FACILITATOR')
  @CommandEndpoint('Register a market (marché) with its lots, buyer and execution period')
  async register(@Body() dto: RegisterMarketDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const marketId = newEntityId('market', dto.marketId, headers);
    const { marketId: _clientId, ...fields } = dto;
    const result: CommandResult = await this.commands.execute(
      new RegisterMarketCommand({ ...fields, marketId }, commandMeta('RegisterMarket', dto, headers)),
    );
    return answer(res, result, { marketId });
  }

  @Put(':marketId/lots/:lotId/clause')
  @Allow('FACILITATOR')
  @InScopeOf({ market: 'marketId' })
  @CommandEndpoint('Define (or redefine, until accepted) the clause of a lot and compute its hours target', 200)
  async defineClause(
    @Param('marketId', EntityIdPipe) marketId: string,
    @Param('lotId', EntityIdPipe) lotId: string,
    @Body() dto: DefineClauseDto,
    @CommandHeadersOf() headers: CommandHeaders,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result: CommandResult = await this.commands.execute(
      new DefineClauseCommand({ marketId, lotId, clauseTypes: dto.clauseTypes, target: toTargetInput(dto.target), penaltyPerMissingHourCents: dto.penaltyPerMissingHourCents },
        commandMeta('DefineClause', { marketId, lotId, dto }, headers)),
    );
    return answer(res, result, { marketId, lotId });
  }

  @Post(':marketId/lots/:lotId/acceptance')
  @Allow('FACILITATOR')
  @InScopeOf({ market: 'marketId' })
  @CommandEndpoint('Record that the winning company accepted the lot\'s clause with its committed hours')
  async acceptClause(
    @Param('marketId', EntityIdPipe) marketId: string,
    @Param('lotId', EntityIdPipe) lotId: string,
    @Body() dto: AcceptClauseDto,
    @CommandHeadersOf() headers: CommandHeaders,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result: CommandResult = await this.commands.execute(
      new AcceptClauseCommand({ marketId, lotId, ...dto }, commandMeta('AcceptClause', { marketId, lotId, dto }, headers)),
    );
    return answer(res, result, { marketId, lotId });
  }

  @Post(':marketId/closure')
  @Allow('FACILITATOR')
  @InScopeOf({ market: 'marketId' })
  @CommandEndpoint('Close the market and issue its bilan, with the facilitator\'s qualitative assessment')
  async close(@Param('marketId', EntityIdPipe) marketId: string, @Body() dto: CloseMarketDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const result: CommandResult = await this.commands.execute(
      new CloseMarketCommand({ marketId, qualitative: { ...dto.qualitative }, ...(dto.earlyClosureReason ? { earlyClosureReason: dto.earlyClosureReason } : {}) },
        commandMeta('CloseMarket', { marketId, dto }, headers)),
    );
    return answer(res, result, { marketId });
  }
}
