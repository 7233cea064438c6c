import { Body, Controller, Get, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { v5 as uuidv5 } from 'uuid';
import { OFFER_STATUSES, isIsoDate } from '@clause-ledger/domain';
import { OfferBoardDoc, boardEntry, jobOffersProjection } from '@clause-ledger/projections';
import { CommandResult } from '../command-handling/command-executor';
import { answer, commandMeta } from '../command-handling/command-meta';
import { newEntityId } from '../command-handling/entity-id';
import { CommandEndpoint } from '../http/command-endpoint';
import { CommandHeaders, CommandHeadersOf } from '../http/command-headers';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { InvalidInputException } from '../http/invalid-input';
import { readYourWrites } from '../http/read-your-writes';
import { Clock } from '../infrastructure/clock';
import { ProjectionsService } from '../tracking/projections.service';
import { Allow, InScopeOf } from '../auth/access.decorators';
import { Actor, CurrentActor } from '../auth/actor';
import { CandidateStep, CloseJobOfferCommand, HireCandidateCommand, MoveCandidateCommand, ProposeCandidateCommand, PublishJobOfferCommand, ShareJobOfferCommand } from './job-offer.commands';
import { HireCandidateDto, NotRetainCandidateDto, ProposeCandidateDto, PublishJobOfferDto, ShareJobOfferDto } from './job-offers.dto';
import { VisibleOffers } from './visible-offers';

const PLACEMENT_OF_HIRE = '5d0c6a53-8f7e-4c8e-9a51-3a3f7f0b2d61';
const WAIT = { name: 'waitForPosition', required: false, description: 'a command\'s position: answer once the read model includes it' } as const;
const AT = { name: 'at', required: false, description: 'the day days open are counted to (default today)' } as const;

@ApiTags('job offers (offres d\'emploi, candidats, embauches)')
@Controller('job-offers')
export class JobOffersController {
  constructor(private readonly commands: CommandBus, private readonly projections: ProjectionsService, private readonly offers: VisibleOffers, private readonly clock: Clock) {}

  @Post()
  @Allow('FACILITATOR', 'COMPANY')
  @InScopeOf({ market: 'body.marketId', company: 'body.companyId' })
  @CommandEndpoint('Publish a job offer for a lot, from the company holding it: ROME code, contract, weekly hours, positions, start, place, requirements')
  async publish(@Body() dto: PublishJobOfferDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const offerId = newEntityId('job-offer', dto.offerId, headers);
    const { offerId: _id, requirements, ...fields } = dto;
    const result: CommandResult = await this.commands.execute(new PublishJobOfferCommand({ ...fields, offerId, requirements: { ...requirements } }, commandMeta('PublishJobOffer', dto, headers)));
    return answer(res, result, { offerId });
  }

  @Post(':offerId/sharing')
  @Allow('FACILITATOR')
  @InScopeOf({ offer: 'offerId' })
  @CommandEndpoint('Share the offer with partners (diffusion): they may then propose candidates')
  async share(@Param('offerId', EntityIdPipe) offerId: string, @Body() dto: ShareJobOfferDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const result: CommandResult = await this.commands.execute(new ShareJobOfferCommand({ offerId, partnerIds: dto.partnerIds }, commandMeta('ShareJobOffer', { offerId, dto }, headers)));
    return answer(res, result, { offerId });
  }

  @Post(':offerId/candidates')
  @Allow('FACILITATOR')
  @InScopeOf({ offer: 'offerId' })
  @CommandEndpoint('Add a candidate proposed by a partner or identified by the facilitator: non-identifying attributes only, and the beneficiary id when the person is registered')
  async propose(@Param('offerId', EntityIdPipe) offerId: string, @Body() dto: ProposeCandidateDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const candidateId = newEntityId('candidate', dto.candidateId, headers);
    const source = dto.partnerId ? { by: 'PARTNER' as const, partnerId: dto.partnerId } : { by: 'FACILITATOR' as const };
    const result: CommandResult = await this.commands.execute(new ProposeCandidateCommand({
      offerId, candidateId, source, beneficiaryId: dto.beneficiaryId ?? null, qpvResident: dto.qpvResident, sex: dto.sex, ageBand: dto.ageBand,
    }, commandMeta('ProposeCandidate', { offerId, dto }, headers)));
    return answer(res, result, { offerId, candidateId });
  }

  @Post(':offerId/candidates/:candidateId/preselection')
  @Allow('FACILITATOR')
  @InScopeOf({ offer: 'offerId' })
  @CommandEndpoint('Preselect a candidate (présélection)')
  preselect(@Param('offerId', EntityIdPipe) offerId: string, @Param('candidateId', EntityIdPipe) candidateId: string, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.move(offerId, candidateId, { kind: 'preselect' }, headers, res);
  }

  @Post(':offerId/candidates/:candidateId/interview')
  @Allow('FACILITATOR')
  @InScopeOf({ offer: 'offerId' })
  @CommandEndpoint('Record that a preselected candidate had the interview with the company')
  interview(@Param('offerId', EntityIdPipe) offerId: string, @Param('candidateId', EntityIdPipe) candidateId: string, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return this.move(offerId, candidateId, { kind: 'interview' }, headers, res);
  }

  @Post(':offerId/candidates/:candidateId/not-retained')
  @Allow('FACILITATOR')
  @InScopeOf({ offer: 'offerId' })
  @CommandEndpoint('Record that a candidate is not retained, with a reason from the fixed list')
  notRetained(
    @Param('offerId', EntityIdPipe) offerId: string, @Param('candidateId', EntityIdPipe) candidateId: string, @Body() dto: NotRetainCandidateDto,
    @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response,
  ) {
    return this.move(offerId, candidateId, { kind: 'notRetain', reason: dto.reason }, headers, res);
  }

  @Post(':offerId/candidates/:candidateId/hire')
  @Allow('FACILITATOR')
  @InScopeOf({ offer: 'offerId' })
  @CommandEndpoint('Hire a preselected candidate: creates the placement with the PlaceBeneficiary rules (eligibility on the start date, the company holds the lot); 409 OFFER_FULL once every position is taken')
  async hire(
    @Param('offerId', EntityIdPipe) offerId: string, @Param('candidateId', EntityIdPipe) candidateId: string, @Body() dto: HireCandidateDto,
    @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response,
  ) {
    // fixed by offer and candidate: a retried hire names the same placement
    const placementId = uuidv5(`${offerId}|${candidateId}`, PLACEMENT_OF_HIRE);
    const result: CommandResult = await this.commands.execute(new HireCandidateCommand({ offerId, candidateId, placementId, ...dto }, commandMeta('HireCandidate', { offerId, candidateId, dto }, headers)));
    return answer(res, result, { offerId, candidateId, placementId });
  }

  @Post(':offerId/cancellation')
  @Allow('FACILITATOR', 'COMPANY')
  @InScopeOf({ offer: 'offerId' })
  @CommandEndpoint('Cancel an open offer')
  async cancel(@Param('offerId', EntityIdPipe) offerId: string, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const result: CommandResult = await this.commands.execute(new CloseJobOfferCommand({ offerId, how: 'cancel' }, commandMeta('CancelJobOffer', { offerId }, headers)));
    return answer(res, result, { offerId });
  }

  @Post(':offerId/expiry')
  @Allow('FACILITATOR')
  @InScopeOf({ offer: 'offerId' })
  @CommandEndpoint('Record that an open offer expired (from its expiry date on)')
  async expire(@Param('offerId', EntityIdPipe) offerId: string, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const result: CommandResult = await this.commands.execute(new CloseJobOfferCommand({ offerId, how: 'expire' }, commandMeta('ExpireJobOffer', { offerId }, headers)));
    return answer(res, result, { offerId });
  }

  @Get()
  @Allow('FACILITATOR', 'COMPANY')
  @ApiOperation({ summary: 'The offer board: offers in scope (a company: its own) with candidates per stage, days open and days to fill' })
  @ApiQuery({ name: 'status', required: false, enum: OFFER_STATUSES, description: 'default: all' })
  @ApiQuery(AT)
  @ApiQuery(WAIT)
  async board(@CurrentActor() actor: Actor, @Query('status') status?: string, @Query('at') at?: string, @Query('waitForPosition') waitForPosition?: string) {
    if (status !== undefined && !(OFFER_STATUSES as readonly string[]).includes(status)) {
      throw new InvalidInputException([{ field: 'status', rule: 'isIn', message: `status must be one of ${OFFER_STATUSES.join(', ')}` }]);
    }
    const asOf = this.dateOf(at);
    await readYourWrites(this.projections.jobOffers, waitForPosition);
    const docs = await this.offers.of(actor);
    return docs.filter((d) => !status || d.status === status).map((d) => boardEntry(d, asOf));
  }

  @Get(':offerId')
  @Allow('FACILITATOR', 'COMPANY')
  @InScopeOf({ offer: 'offerId' })
  @ApiOperation({ summary: 'One offer of the board; the facilitator also sees each candidate\'s stage and non-identifying attributes' })
  @ApiQuery(AT)
  @ApiQuery(WAIT)
  async get(@CurrentActor() actor: Actor, @Param('offerId', EntityIdPipe) offerId: string, @Query('at') at?: string, @Query('waitForPosition') waitForPosition?: string) {
    const asOf = this.dateOf(at);
    await readYourWrites(this.projections.jobOffers, waitForPosition);
    const doc = this.projections.readModels.get<OfferBoardDoc>(jobOffersProjection.name, `offer:${offerId}`);
    if (!doc) throw new NotFoundException(`job offer ${offerId} does not exist (or is not projected yet)`);
    return actor.role === 'FACILITATOR' ? { ...boardEntry(doc, asOf), candidates: doc.candidates } : boardEntry(doc, asOf);
  }

  private async move(offerId: string, candidateId: string, step: CandidateStep, headers: CommandHeaders, res: Response) {
    const result: CommandResult = await this.commands.execute(new MoveCandidateCommand({ offerId, candidateId, step }, commandMeta(`Candidate:${step.kind}`, { offerId, candidateId, step }, headers)));
    return answer(res, result, { offerId, candidateId });
  }

  private dateOf(at: string | undefined): string {
    if (at === undefined) return this.clock.today();
    if (!isIsoDate(at)) throw new InvalidInputException([{ field: 'at', rule: 'format', message: 'at must be a date YYYY-MM-DD' }]);
    return at;
  }
}
