import { Body, Controller, Delete, Get, NotFoundException, Param, Post, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { USER_LINKS_STREAM, evolveOrganisation, evolveUserLinks, organisationStreamId } from '@clause-ledger/domain';
import { Allow } from '../auth/access.decorators';
import { CommandExecutor, CommandResult } from '../command-handling/command-executor';
import { answer, commandMeta } from '../command-handling/command-meta';
import { historyEntry } from '../command-handling/history';
import { CommandEndpoint } from '../http/command-endpoint';
import { CommandHeaders, CommandHeadersOf } from '../http/command-headers';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { GrantAuditScopeCommand, LinkMemberCommand, RegisterOrganisationCommand, UnlinkMemberCommand } from './organisation.commands';
import { GrantAuditScopeDto, LinkMemberDto, RegisterOrganisationDto } from './organisation.dto';

@ApiTags('organisations (administration)')
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly commands: CommandBus, private readonly executor: CommandExecutor) {}

  @Post()
  @Allow('ADMIN')
  @CommandEndpoint('Register an organisation people sign in for: facilitator, buyer, company (with its SIRET) or auditor')
  async register(@Body() dto: RegisterOrganisationDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const result: CommandResult = await this.commands.execute(new RegisterOrganisationCommand({ ...dto }, commandMeta('RegisterOrganisation', dto, headers)));
    return answer(res, result, { organisationId: dto.organisationId });
  }

  @Put(':organisationId/audit-scope')
  @Allow('ADMIN')
  @CommandEndpoint('Grant an auditor read access to facilitator organisations (the list replaces the previous one)', 200)
  async grantAuditScope(
    @Param('organisationId', EntityIdPipe) organisationId: string,
    @Body() dto: GrantAuditScopeDto,
    @CommandHeadersOf() headers: CommandHeaders,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result: CommandResult = await this.commands.execute(
      new GrantAuditScopeCommand({ organisationId, facilitatorOrganisationIds: dto.facilitatorOrganisationIds }, commandMeta('GrantAuditScope', { organisationId, dto }, headers)),
    );
    return answer(res, result, { organisationId });
  }

  @Get(':organisationId')
  @Allow('ADMIN')
  @ApiOperation({ summary: 'An organisation, its grants and the history of who changed them' })
  async get(@Param('organisationId', EntityIdPipe) organisationId: string) {
    const { state, events } = await this.executor.load(organisationStreamId(organisationId), evolveOrganisation);
    if (!state) throw new NotFoundException(`organisation ${organisationId} does not exist`);
    return { ...state, history: events.map(historyEntry) };
  }

  @Post(':organisationId/members')
  @Allow('ADMIN')
  @CommandEndpoint('Link a user (issuer and subject, or e-mail claim) to the organisation with its kind as role: issuers with organisationFrom "links" (ProConnect) sign in through these links')
  async linkMember(
    @Param('organisationId', EntityIdPipe) organisationId: string,
    @Body() dto: LinkMemberDto,
    @CommandHeadersOf() headers: CommandHeaders,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result: CommandResult = await this.commands.execute(new LinkMemberCommand({ ...dto, organisationId }, commandMeta('LinkMember', { organisationId, dto }, headers)));
    return answer(res, result, { organisationId, memberId: dto.memberId });
  }

  @Delete(':organisationId/members/:memberId')
  @Allow('ADMIN')
  @CommandEndpoint('Remove a user\'s link to the organisation (recorded as an event): its next request is refused', 200)
  async unlinkMember(
    @Param('organisationId', EntityIdPipe) organisationId: string,
    @Param('memberId', EntityIdPipe) memberId: string,
    @CommandHeadersOf() headers: CommandHeaders,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result: CommandResult = await this.commands.execute(new UnlinkMemberCommand({ organisationId, memberId }, commandMeta('UnlinkMember', { organisationId, memberId }, headers)));
    return answer(res, result, { organisationId, memberId });
  }

  @Get(':organisationId/members')
  @Allow('ADMIN')
  @ApiOperation({ summary: 'The users linked to the organisation, with the history of who linked and removed them' })
  async members(@Param('organisationId', EntityIdPipe) organisationId: string) {
    if (!(await this.executor.state(organisationStreamId(organisationId), evolveOrganisation))) throw new NotFoundException(`organisation ${organisationId} does not exist`);
    const { state, events } = await this.executor.load(USER_LINKS_STREAM, evolveUserLinks);
    const mine = events.filter((e) => (e.data as { organisationId?: string }).organisationId === organisationId);
    return { organisationId, members: Object.values(state ?? {}).filter((l) => l.organisationId === organisationId), history: mine.map(historyEntry) };
  }
}
