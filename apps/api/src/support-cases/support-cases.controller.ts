import { Body, Controller, Get, NotFoundException, Param, Post, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import {
  DecisionContext, DomainEvent, MaybeSupportCase, agreeSupportLevel, analyseOpportunity, answerClauseProposal, closeSupportCase, describeCaseLots,
  logCaseAction, proposeClause, recordCaseDocument, requestSupport, scoreOffers, stageOf,
} from '@clause-ledger/domain';
import { CommandExecutor, CommandResult } from '../command-handling/command-executor';
import { answer, commandMeta } from '../command-handling/command-meta';
import { newEntityId } from '../command-handling/entity-id';
import { CommandEndpoint } from '../http/command-endpoint';
import { CommandHeaders, CommandHeadersOf } from '../http/command-headers';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { toTargetInput } from '../markets/target-input';
import { Allow, InScopeOf } from '../auth/access.decorators';
import { DecideOnSupportCaseCommand, RegisterMarketFromCaseCommand, supportCaseStream } from './support-case.commands';
import {
  AgreeSupportLevelDto, AnalyseOpportunityDto, AnswerClauseProposalDto, CloseSupportCaseDto, DescribeCaseLotsDto, LogCaseActionDto,
  ProposeClauseDto, RecordCaseDocumentDto, RegisterMarketFromCaseDto, RequestSupportDto, ScoreOffersDto,
} from './support-case.dto';

type Decide = (supportCase: MaybeSupportCase, ctx: DecisionContext) => readonly DomainEvent[];

@ApiTags('support cases (demandes d\'accompagnement)')
@Controller('support-cases')
export class SupportCasesController {
  constructor(private readonly commands: CommandBus, private readonly executor: CommandExecutor) {}

  @Post()
  @Allow('FACILITATOR')
  @CommandEndpoint('A public buyer asks for support (demande d\'accompagnement): buyer, contact, project, expected publication')
  async request(@Body() dto: RequestSupportDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const caseId = newEntityId('support-case', dto.caseId, headers);
    const { caseId: _clientId, ...fields } = dto;
    return this.decide(res, caseId, 'RequestSupport', dto, headers, (c, ctx) => requestSupport({ ...fields, caseId, facilitatorOrganisationId: headers.actor.organisationId }, c, ctx), { caseId });
  }

  @Post(':caseId/level')
  @Allow('FACILITATOR')
  @InScopeOf({ supportCase: 'caseId' })
  @CommandEndpoint('Agree the level of support (1, 2 or 3) or change it, with the reason')
  level(@Param('caseId', EntityIdPipe) caseId: string, @Body() dto: AgreeSupportLevelDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.decide(res, caseId, 'AgreeSupportLevel', { caseId, dto }, headers, (c, ctx) => agreeSupportLevel({ caseId, ...dto }, c, ctx), { caseId });
  }

  @Post(':caseId/actions')
  @Allow('FACILITATOR')
  @InScopeOf({ supportCase: 'caseId' })
  @CommandEndpoint('Log an action of the facilitator on the case: date, channel, participants, short summary, next step')
  action(@Param('caseId', EntityIdPipe) caseId: string, @Body() dto: LogCaseActionDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const actionId = newEntityId('case-action', dto.actionId, headers);
    const { actionId: _clientId, ...fields } = dto;
    return this.decide(res, caseId, 'LogCaseAction', { caseId, dto }, headers, (c, ctx) => logCaseAction({ ...fields, caseId, actionId }, c, ctx), { caseId, actionId });
  }

  @Post(':caseId/documents')
  @Allow('FACILITATOR')
  @InScopeOf({ supportCase: 'caseId' })
  @CommandEndpoint('Record a document received (DCE: CCTP, estimate per lot, planning...) or sent (writing guide, proposal)')
  document(@Param('caseId', EntityIdPipe) caseId: string, @Body() dto: RecordCaseDocumentDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const documentId = newEntityId('case-document', dto.documentId, headers);
    const { documentId: _clientId, ...fields } = dto;
    return this.decide(res, caseId, 'RecordCaseDocument', { caseId, dto }, headers, (c, ctx) => recordCaseDocument({ ...fields, caseId, documentId }, c, ctx), { caseId, documentId });
  }

  @Put(':caseId/lots')
  @Allow('FACILITATOR')
  @InScopeOf({ supportCase: 'caseId' })
  @CommandEndpoint('Describe the tender\'s lots from the estimate per lot (until a proposal is adopted)', 200)
  lots(@Param('caseId', EntityIdPipe) caseId: string, @Body() dto: DescribeCaseLotsDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.decide(res, caseId, 'DescribeCaseLots', { caseId, dto }, headers, (c, ctx) => describeCaseLots({ caseId, lots: dto.lots.map((l) => ({ ...l })), describedOn: dto.describedOn }, c, ctx), { caseId });
  }

  @Post(':caseId/lots/:lotId/opportunity-analysis')
  @Allow('FACILITATOR')
  @InScopeOf({ supportCase: 'caseId' })
  @CommandEndpoint('Analyse the opportunity of a clause on a lot: jobs generated, can local and QPV jobseekers fill them, recommended clause type')
  opportunity(
    @Param('caseId', EntityIdPipe) caseId: string, @Param('lotId', EntityIdPipe) lotId: string, @Body() dto: AnalyseOpportunityDto,
    @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response,
  ) {
    return this.decide(res, caseId, 'AnalyseOpportunity', { caseId, lotId, dto }, headers,
      (c, ctx) => analyseOpportunity({ ...dto, caseId, lotId, jobsGenerated: dto.jobsGenerated.map((j) => ({ ...j })) }, c, ctx), { caseId, lotId });
  }

  @Put(':caseId/lots/:lotId/clause-proposal')
  @Allow('FACILITATOR')
  @InScopeOf({ supportCase: 'caseId' })
  @CommandEndpoint('Propose a clause for a lot; its hours use the same target computation as a market\'s clause', 200)
  propose(
    @Param('caseId', EntityIdPipe) caseId: string, @Param('lotId', EntityIdPipe) lotId: string, @Body() dto: ProposeClauseDto,
    @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response,
  ) {
    return this.decide(res, caseId, 'ProposeClause', { caseId, lotId, dto }, headers,
      (c, ctx) => proposeClause({ caseId, lotId, clauseTypes: dto.clauseTypes, target: toTargetInput(dto.target), penaltyPerMissingHourCents: dto.penaltyPerMissingHourCents, proposedOn: dto.proposedOn }, c, ctx),
      { caseId, lotId });
  }

  @Post(':caseId/lots/:lotId/clause-proposal/answer')
  @Allow('FACILITATOR')
  @InScopeOf({ supportCase: 'caseId' })
  @CommandEndpoint('The buyer adopts the proposed clause into its tender, or declines it with the reason')
  answerProposal(
    @Param('caseId', EntityIdPipe) caseId: string, @Param('lotId', EntityIdPipe) lotId: string, @Body() dto: AnswerClauseProposalDto,
    @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response,
  ) {
    return this.decide(res, caseId, 'AnswerClauseProposal', { caseId, lotId, dto }, headers, (c, ctx) => answerClauseProposal({ ...dto, caseId, lotId }, c, ctx), { caseId, lotId });
  }

  @Post(':caseId/lots/:lotId/offer-analysis')
  @Allow('FACILITATOR')
  @InScopeOf({ supportCase: 'caseId' })
  @CommandEndpoint('Score each bidder\'s insertion offer against the published award criterion (R2152-7); the grid is kept with the scores')
  offers(
    @Param('caseId', EntityIdPipe) caseId: string, @Param('lotId', EntityIdPipe) lotId: string, @Body() dto: ScoreOffersDto,
    @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response,
  ) {
    const grid = { weightPercent: dto.grid.weightPercent, subCriteria: dto.grid.subCriteria.map((s) => ({ ...s })) };
    const bidders = dto.bidders.map((b) => ({ ...b, scores: b.scores.map((s) => ({ ...s })) }));
    return this.decide(res, caseId, 'ScoreOffers', { caseId, lotId, dto }, headers, (c, ctx) => scoreOffers({ caseId, lotId, grid, bidders, scoredOn: dto.scoredOn }, c, ctx), { caseId, lotId });
  }

  @Post(':caseId/market')
  @Allow('FACILITATOR')
  @InScopeOf({ supportCase: 'caseId' })
  @CommandEndpoint('Register the market the case became, from its adopted proposals: lots and clauses carried over')
  async market(@Param('caseId', EntityIdPipe) caseId: string, @Body() dto: RegisterMarketFromCaseDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const marketId = newEntityId('market', dto.marketId, headers);
    const { marketId: _clientId, ...fields } = dto;
    const result: CommandResult = await this.commands.execute(
      new RegisterMarketFromCaseCommand({ ...fields, caseId, marketId }, commandMeta('RegisterMarketFromCase', { caseId, dto }, headers)),
    );
    return answer(res, result, { caseId, marketId });
  }

  @Post(':caseId/closure')
  @Allow('FACILITATOR')
  @InScopeOf({ supportCase: 'caseId' })
  @CommandEndpoint('Close the case: without a clause (reason from the list) or, once it became a market, as completed')
  close(@Param('caseId', EntityIdPipe) caseId: string, @Body() dto: CloseSupportCaseDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.decide(res, caseId, 'CloseSupportCase', { caseId, dto }, headers, (c, ctx) => closeSupportCase({ ...dto, caseId }, c, ctx), { caseId });
  }

  @Get(':caseId')
  @Allow('FACILITATOR', 'AUDITOR')
  @InScopeOf({ supportCase: 'caseId' })
  @ApiOperation({ summary: 'A support case as it stands, with its stage' })
  async get(@Param('caseId', EntityIdPipe) caseId: string) {
    const supportCase = await this.executor.state(supportCaseStream(caseId).streamId, supportCaseStream(caseId).evolve);
    if (!supportCase) throw new NotFoundException(`support case ${caseId} does not exist`);
    return { ...supportCase, stage: stageOf(supportCase) };
  }

  private async decide<Extra extends object>(
    res: Response, caseId: string, commandType: string, request: unknown, headers: CommandHeaders, decide: Decide, extra: Extra,
  ) {
    const result: CommandResult = await this.commands.execute(new DecideOnSupportCaseCommand(caseId, decide, commandMeta(commandType, request, headers)));
    return answer(res, result, extra);
  }
}
