import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  GrantAuditScope, LinkMember, RegisterOrganisation, USER_LINKS_STREAM, UnlinkMember, evolveOrganisation, evolveUserLinks, grantAuditScope, linkMember,
  organisationStreamId, registerOrganisation, unlinkMember,
} from '@clause-ledger/domain';
import { CommandExecutor, CommandMeta, CommandResult } from '../command-handling/command-executor';
import { DecisionContextProvider } from '../command-handling/decision-context';

export class RegisterOrganisationCommand {
  constructor(readonly cmd: RegisterOrganisation, readonly meta: CommandMeta) {}
}
export class GrantAuditScopeCommand {
  constructor(readonly cmd: GrantAuditScope, readonly meta: CommandMeta) {}
}

export class LinkMemberCommand {
  constructor(readonly cmd: LinkMember, readonly meta: CommandMeta) {}
}
export class UnlinkMemberCommand {
  constructor(readonly cmd: UnlinkMember, readonly meta: CommandMeta) {}
}

const organisationStream = (id: string) => ({ streamId: organisationStreamId(id), evolve: evolveOrganisation });

@CommandHandler(RegisterOrganisationCommand)
export class RegisterOrganisationHandler implements ICommandHandler<RegisterOrganisationCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: RegisterOrganisationCommand) {
    return this.executor.execute(meta, organisationStream(cmd.organisationId), (organisation) => registerOrganisation(cmd, organisation, this.ctx.now()));
  }
}

@CommandHandler(GrantAuditScopeCommand)
export class GrantAuditScopeHandler implements ICommandHandler<GrantAuditScopeCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: GrantAuditScopeCommand) {
    return this.executor.execute(meta, organisationStream(cmd.organisationId), (organisation) => grantAuditScope(cmd, organisation, this.ctx.now()));
  }
}

const userLinks = { streamId: USER_LINKS_STREAM, evolve: evolveUserLinks };

/** One append to the links' stream; the organisation is only read (its kind fixes the member's role). */
@CommandHandler(LinkMemberCommand)
export class LinkMemberHandler implements ICommandHandler<LinkMemberCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  async execute({ cmd, meta }: LinkMemberCommand) {
    const organisation = await this.executor.state(organisationStreamId(cmd.organisationId), evolveOrganisation);
    return this.executor.execute(meta, userLinks, (links) => linkMember(cmd, links, organisation, this.ctx.now()));
  }
}

@CommandHandler(UnlinkMemberCommand)
export class UnlinkMemberHandler implements ICommandHandler<UnlinkMemberCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: UnlinkMemberCommand) {
    return this.executor.execute(meta, userLinks, (links) => unlinkMember(cmd, links, this.ctx.now()));
  }
}

export const ORGANISATION_COMMAND_HANDLERS = [RegisterOrganisationHandler, GrantAuditScopeHandler, LinkMemberHandler, UnlinkMemberHandler];
