import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegisterCompany, companyStreamId, evolveCompany, registerCompany } from '@clause-ledger/domain';
import { CommandExecutor, CommandMeta, CommandResult } from '../command-handling/command-executor';
import { DecisionContextProvider } from '../command-handling/decision-context';

export class RegisterCompanyCommand {
  constructor(readonly cmd: RegisterCompany, readonly meta: CommandMeta) {}
}

@CommandHandler(RegisterCompanyCommand)
export class RegisterCompanyHandler implements ICommandHandler<RegisterCompanyCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: RegisterCompanyCommand) {
    return this.executor.execute(meta, { streamId: companyStreamId(cmd.siret), evolve: evolveCompany }, (company) => registerCompany(cmd, company, this.ctx.now()));
  }
}

export const COMPANY_COMMAND_HANDLERS = [RegisterCompanyHandler];
