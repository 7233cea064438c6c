import { Body, Controller, Get, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { TimelineDoc, jobOffersProjection } from '@clause-ledger/projections';
import { CommandResult } from '../command-handling/command-executor';
import { answer, commandMeta } from '../command-handling/command-meta';
import { CommandEndpoint } from '../http/command-endpoint';
import { CommandHeaders, CommandHeadersOf } from '../http/command-headers';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { readYourWrites } from '../http/read-your-writes';
import { ProjectionsService } from '../tracking/projections.service';
import { Allow, InScopeOf } from '../auth/access.decorators';
import { AssignReferentCommand, RecordContactCommand } from './journey.commands';
import { AssignReferentDto, RecordContactDto } from './journeys.dto';

@ApiTags('journeys (référent, suivi, parcours)')
@Controller('beneficiaries')
export class JourneysController {
  constructor(private readonly commands: CommandBus, private readonly projections: ProjectionsService) {}

  @Post(':beneficiaryId/referent')
  @Allow('FACILITATOR')
  @InScopeOf({ beneficiary: 'beneficiaryId' })
  @CommandEndpoint('Name the person\'s referent: the counsellor following them at a partner (professional data)')
  async referent(@Param('beneficiaryId', EntityIdPipe) beneficiaryId: string, @Body() dto: AssignReferentDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const result: CommandResult = await this.commands.execute(new AssignReferentCommand({ beneficiaryId, ...dto }, commandMeta('AssignReferent', { beneficiaryId, dto }, headers)));
    return answer(res, result, { beneficiaryId });
  }

  @Post(':beneficiaryId/contacts')
  @Allow('FACILITATOR')
  @InScopeOf({ beneficiary: 'beneficiaryId' })
  @CommandEndpoint('Record a follow-up contact during a contract: date, with whom, a short note (never health or judicial details), training mobilised, barriers as yes/no')
  async contact(@Param('beneficiaryId', EntityIdPipe) beneficiaryId: string, @Body() dto: RecordContactDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const { barriers, ...fields } = dto;
    const result: CommandResult = await this.commands.execute(new RecordContactCommand(
      { beneficiaryId, ...fields, ...(barriers ? { barriers: { ...barriers } } : {}) }, commandMeta('RecordContact', { beneficiaryId, dto }, headers),
    ));
    return answer(res, result, { beneficiaryId });
  }

  @Get(':beneficiaryId/timeline')
  @Allow('FACILITATOR')
  @InScopeOf({ beneficiary: 'beneficiaryId' })
  @ApiOperation({ summary: 'The person\'s timeline across offers, placements and markets, with the referent' })
  @ApiQuery({ name: 'waitForPosition', required: false, description: 'a command\'s position: answer once the read model includes it' })
  async timeline(@Param('beneficiaryId', EntityIdPipe) beneficiaryId: string, @Query('waitForPosition') waitForPosition?: string) {
    await readYourWrites(this.projections.jobOffers, waitForPosition);
    const doc = this.projections.readModels.get<TimelineDoc>(jobOffersProjection.name, `timeline:${beneficiaryId}`);
    if (!doc) throw new NotFoundException(`beneficiary ${beneficiaryId} has no journey yet`);
    return doc;
  }
}
