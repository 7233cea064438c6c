import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  AcceptClause, CloseMarket, DefineClause, RegisterMarket, acceptClause, closeMarket, companyStreamId, defineClause, evolveCompany, evolveMarket,
  marketStreamId, registerMarket,
} from '@clause-ledger/domain';
import { CommandExecutor, CommandMeta, CommandResult } from '../command-handling/command-executor';
import { DecisionContextProvider } from '../command-handling/decision-context';

export class RegisterMarketCommand {
  constructor(readonly cmd: RegisterMarket, readonly meta: CommandMeta) {}
}
export class DefineClauseCommand {
  constructor(readonly cmd: DefineClause, readonly meta: CommandMeta) {}
}
export class CloseMarketCommand {
  constructor(readonly cmd: CloseMarket, readonly meta: CommandMeta) {}
}
export class AcceptClauseCommand {
  constructor(readonly cmd: AcceptClause, readonly meta: CommandMeta) {}
}

const marketStream = (marketId: string) => ({ streamId: marketStreamId(marketId), evolve: evolveMarket });

@CommandHandler(RegisterMarketCommand)
export class RegisterMarketHandler implements ICommandHandler<RegisterMarketCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: RegisterMarketCommand) {
    // the facilitator's organisation comes from its sign-in, never from the request body
    const registration = { ...cmd, facilitatorOrganisationId: meta.actor.organisationId };
    return this.executor.execute(meta, marketStream(cmd.marketId), (market) => registerMarket(registration, market, this.ctx.now()));
  }
}

@CommandHandler(DefineClauseCommand)
export class DefineClauseHandler implements ICommandHandler<DefineClauseCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: DefineClauseCommand) {
    return this.executor.execute(meta, marketStream(cmd.marketId), (market) => defineClause(cmd, market, this.ctx.now()));
  }
}

@CommandHandler(AcceptClauseCommand)
export class AcceptClauseHandler implements ICommandHandler<AcceptClauseCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: AcceptClauseCommand) {
    return this.executor.execute(meta, marketStream(cmd.marketId), async (market, stateOf) => {
      const company = await stateOf(companyStreamId(cmd.companyId), evolveCompany);
      return acceptClause(cmd, market, company, this.ctx.now());
    });
  }
}

@CommandHandler(CloseMarketCommand)
export class CloseMarketHandler implements ICommandHandler<CloseMarketCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: CloseMarketCommand) {
    return this.executor.execute(meta, marketStream(cmd.marketId), (market) => closeMarket(cmd, market, this.ctx.now()));
  }
}

export const MARKET_COMMAND_HANDLERS = [RegisterMarketHandler, DefineClauseHandler, AcceptClauseHandler, CloseMarketHandler];
