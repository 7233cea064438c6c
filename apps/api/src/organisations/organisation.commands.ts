import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  GrantAuditScope, RegisterOrganisation, evolveOrganisation, grantAuditScope, organisationStreamId, registerOrganisation,
} from '@clause-ledger/domain';
import { CommandExecutor, CommandMeta, CommandResult } from '../command-handling/command-executor';
import { DecisionContextProvider } from '../command-handling/decision-context';

export class RegisterOrganisationCommand {
  constructor(readonly cmd: RegisterOrganisation, readonly meta: CommandMeta) {}
}
export class GrantAuditScopeCommand {
  constructor(readonly cmd: GrantAuditScope, readonly meta: CommandMeta) {}
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

export const ORGANISATION_COMMAND_HANDLERS = [RegisterOrganisationHandler, GrantAuditScopeHandler];
