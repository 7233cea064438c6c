import { Body, Controller, Get, Inject, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { Beneficiary, beneficiaryStreamId, evolveBeneficiary, evolvePlacement, isIsoDate, placementStreamId } from '@clause-ledger/domain';
import { LastContactDoc, retentionDue } from '@clause-ledger/projections';
import { Actor, CurrentActor } from '../auth/actor';
import { CommandExecutor, CommandResult } from '../command-handling/command-executor';
import { answer, commandMeta } from '../command-handling/command-meta';
import { newEntityId } from '../command-handling/entity-id';
import { AppConfig } from '../config/app-config';
import { CommandEndpoint } from '../http/command-endpoint';
import { CommandHeaders, CommandHeadersOf } from '../http/command-headers';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { InvalidInputException } from '../http/invalid-input';
import { readYourWrites } from '../http/read-your-writes';
import { Clock } from '../infrastructure/clock';
import { APP_CONFIG } from '../infrastructure/tokens';
import { actorRef } from '../personal-data/actor-ref';
import { BeneficiaryIdentities } from '../personal-data/beneficiary-identities';
import { ProjectionsService } from '../tracking/projections.service';
import { EraseBeneficiaryCommand, RegisterBeneficiaryCommand, ValidateEligibilityCommand } from './beneficiary.commands';
import { EraseBeneficiaryDto, RegisterBeneficiaryDto, ValidateEligibilityDto } from './beneficiaries.dto';
import { Allow, InScopeOf } from '../auth/access.decorators';
import { ScopeResolver } from '../auth/scope-resolver';

@ApiTags('beneficiaries (bénéficiaires)')
@Controller('beneficiaries')
export class BeneficiariesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly executor: CommandExecutor,
    private readonly identities: BeneficiaryIdentities,
    private readonly projections: ProjectionsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scope: ScopeResolver,
  ) {}

  @Post()
  @Allow('FACILITATOR')
  @CommandEndpoint('Register a beneficiary: one event, the identity (names, birth date, postcode) encrypted under the person\'s own key, the bilans\' attributes in clear')
  async register(@Body() dto: RegisterBeneficiaryDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const beneficiaryId = newEntityId('beneficiary', dto.beneficiaryId, headers);
    const { beneficiaryId: clientId, firstName, lastName, birthDate, postcode, ...profile } = dto;
    // the request is recognised on a retry by a keyed digest of the identity, never a plain hash of it
    const identity = await this.identities.fingerprint(beneficiaryId, { firstName, lastName, birthDate, postcode });
    const result: CommandResult = await this.commands.execute(
      new RegisterBeneficiaryCommand({ ...dto, beneficiaryId }, commandMeta('RegisterBeneficiary', { beneficiaryId: clientId, ...profile, identity }, headers)),
    );
    return answer(res, result, { beneficiaryId });
  }

  @Post(':beneficiaryId/eligibilities')
  @Allow('FACILITATOR')
  @InScopeOf({ beneficiary: 'beneficiaryId' })
  @CommandEndpoint('Record the facilitator\'s validation of eligibility criteria (who validated, kind of proof seen, validity)')
  async validateEligibility(
    @Param('beneficiaryId', EntityIdPipe) beneficiaryId: string,
    @Body() dto: ValidateEligibilityDto,
    @CommandHeadersOf() headers: CommandHeaders,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result: CommandResult = await this.commands.execute(
      new ValidateEligibilityCommand({ beneficiaryId, ...dto }, commandMeta('ValidateEligibility', { beneficiaryId, dto }, headers)),
    );
    return answer(res, result, { beneficiaryId });
  }

  @Post(':beneficiaryId/erasure')
  @Allow('FACILITATOR')
  @InScopeOf({ beneficiary: 'beneficiaryId' })
  @CommandEndpoint('Erase a person\'s identity (GDPR art. 17): destroys their key and records BeneficiaryErased (who, when, why); figures and bilans stay exact')
  async erase(
    @Param('beneficiaryId', EntityIdPipe) beneficiaryId: string,
    @Body() dto: EraseBeneficiaryDto,
    @CurrentActor() actor: Actor | undefined,
    @CommandHeadersOf() headers: CommandHeaders,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result: CommandResult = await this.commands.execute(
      new EraseBeneficiaryCommand({ beneficiaryId, reason: dto.reason, erasedBy: actorRef(actor) }, commandMeta('EraseBeneficiary', { beneficiaryId, dto }, headers)),
    );
    return answer(res, result, { beneficiaryId });
  }

  @Get('retention-due')
  @Allow('FACILITATOR')
  @ApiOperation({ summary: 'People whose last contact is older than the retention period (RETENTION_MONTHS, default 24): to erase' })
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD, default today' })
  @ApiQuery({ name: 'waitForPosition', required: false, description: 'a command\'s position: answer once the read model includes it' })
  async retentionDue(@CurrentActor() actor: Actor, @Query('asOf') asOf?: string, @Query('waitForPosition') waitForPosition?: string) {
    if (asOf !== undefined && !isIsoDate(asOf)) throw new InvalidInputException([{ field: 'asOf', rule: 'format', message: 'asOf must be a date YYYY-MM-DD' }]);
    await readYourWrites(this.projections.lastContact, waitForPosition);
    const date = asOf ?? this.clock.today();
    const people = this.projections.readModels.list<LastContactDoc>(this.projections.lastContact.projection.name).map((d) => d.doc);
    const due = retentionDue(people, date, this.config.retentionMonths);
    // another organisation's people are not revealed: only those in the facilitator's scope
    const own = await Promise.all(due.map((p) => this.scope.check(actor, 'beneficiary', p.beneficiaryId).then(() => true, () => false)));
    return { asOf: date, retentionMonths: this.config.retentionMonths, due: due.filter((_, i) => own[i]) };
  }

  @Get(':beneficiaryId')
  @Allow('FACILITATOR', 'AUDITOR')
  @InScopeOf({ beneficiary: 'beneficiaryId' })
  @ApiOperation({ summary: 'The profile the figures use (age band, sex, département, QPV, qualification, eligibilities); never the identity' })
  async get(@Param('beneficiaryId', EntityIdPipe) beneficiaryId: string) {
    const { identity: _sealed, ...profile } = await this.beneficiary(beneficiaryId);
    return profile;
  }

  @Get(':beneficiaryId/identity')
  @Allow('FACILITATOR')
  @InScopeOf({ beneficiary: 'beneficiaryId' })
  @ApiOperation({ summary: 'The person\'s identity, decrypted; every read is logged (who, when, route). 410 once erased' })
  async identity(@Param('beneficiaryId', EntityIdPipe) beneficiaryId: string, @CurrentActor() actor: Actor | undefined) {
    const identity = await this.identities.read(await this.beneficiary(beneficiaryId), actorRef(actor), 'IDENTITY', 'GET /beneficiaries/:beneficiaryId/identity');
    return { beneficiaryId, ...identity };
  }

  @Get(':beneficiaryId/identity-reads')
  @Allow('FACILITATOR', 'AUDITOR')
  @InScopeOf({ beneficiary: 'beneficiaryId' })
  @ApiOperation({ summary: 'For auditors: who was shown this person\'s identity, when and through which route' })
  async identityReads(@Param('beneficiaryId', EntityIdPipe) beneficiaryId: string) {
    await this.beneficiary(beneficiaryId);
    return { beneficiaryId, reads: await this.identities.reads(beneficiaryId) };
  }

  @Get(':beneficiaryId/subject-access')
  @Allow('FACILITATOR')
  @InScopeOf({ beneficiary: 'beneficiaryId' })
  @ApiOperation({ summary: 'Subject-access export (GDPR art. 15): everything held on the person, as JSON; logged as an identity read' })
  @ApiQuery({ name: 'waitForPosition', required: false, description: 'a command\'s position: answer once the read model includes it' })
  async subjectAccess(@Param('beneficiaryId', EntityIdPipe) beneficiaryId: string, @CurrentActor() actor: Actor | undefined, @Query('waitForPosition') waitForPosition?: string) {
    await readYourWrites(this.projections.lastContact, waitForPosition);
    const beneficiary = await this.beneficiary(beneficiaryId);
    const identity = await this.identities.read(beneficiary, actorRef(actor), 'SUBJECT_ACCESS', 'GET /beneficiaries/:beneficiaryId/subject-access');
    const { identity: _sealed, eligibilities, ...profile } = beneficiary;
    const contact = this.projections.readModels.get<LastContactDoc>(this.projections.lastContact.projection.name, `beneficiary:${beneficiaryId}`);
    const placements = [];
    for (const placementId of contact?.placementIds ?? []) {
      const { events } = await this.executor.load(placementStreamId(placementId), evolvePlacement);
      placements.push({ placementId, events: events.map((e) => ({ type: e.type, data: e.data })) });
    }
    return {
      beneficiaryId, exportedAt: this.clock.now(), identity, profile, eligibilities, lastContactOn: contact?.lastContactOn, placements,
      identityReads: await this.identities.reads(beneficiaryId),
    };
  }

  private async beneficiary(beneficiaryId: string): Promise<Beneficiary> {
    const beneficiary = await this.executor.state(beneficiaryStreamId(beneficiaryId), evolveBeneficiary);
    if (!beneficiary) throw new NotFoundException(`beneficiary ${beneficiaryId} does not exist`);
    return beneficiary;
  }
}
