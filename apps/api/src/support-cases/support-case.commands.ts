import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  DecisionContext, DomainEvent, MaybeSupportCase, RegisterMarketFromCase, evolveMarket, evolveSupportCase, marketStreamId, registerMarketFromCase,
  supportCaseStreamId,
} from '@clause-ledger/domain';
import { CommandExecutor, CommandMeta, CommandResult } from '../command-handling/command-executor';
import { DecisionContextProvider } from '../command-handling/decision-context';

/** Any decision on one support case's stream: the domain decider comes with the command. */
export class DecideOnSupportCaseCommand {
  constructor(
    readonly caseId: string,
    readonly decide: (supportCase: MaybeSupportCase, ctx: DecisionContext) => readonly DomainEvent[],
    readonly meta: CommandMeta,
  ) {}
}

export class RegisterMarketFromCaseCommand {
  constructor(readonly cmd: RegisterMarketFromCase, readonly meta: CommandMeta) {}
}

export const supportCaseStream = (caseId: string) => ({ streamId: supportCaseStreamId(caseId), evolve: evolveSupportCase });

@CommandHandler(DecideOnSupportCaseCommand)
export class DecideOnSupportCaseHandler implements ICommandHandler<DecideOnSupportCaseCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ caseId, decide, meta }: DecideOnSupportCaseCommand) {
    return this.executor.execute(meta, supportCaseStream(caseId), (supportCase) => decide(supportCase, this.ctx.now()));
  }
}

/**
 * Two streams, one after the other, each append retry-safe: the case is linked first (its revision
 * guards against a second market), then the market is written. Everything is decided before either
 * append; a registration interrupted between the two completes on retry (the case is then already
 * linked to this very market), with or without the same Idempotency-Key.
 */
@CommandHandler(RegisterMarketFromCaseCommand)
export class RegisterMarketFromCaseHandler implements ICommandHandler<RegisterMarketFromCaseCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  async execute({ cmd, meta }: RegisterMarketFromCaseCommand) {
    const ctx = this.ctx.now();
    const supportCase = await this.executor.state(supportCaseStreamId(cmd.caseId), evolveSupportCase);
    if (registerMarketFromCase(cmd, supportCase, await this.executor.state(marketStreamId(cmd.marketId), evolveMarket), ctx).caseEvents.length > 0) {
      await this.executor.execute(meta, supportCaseStream(cmd.caseId), async (c, stateOf) =>
        registerMarketFromCase(cmd, c, await stateOf(marketStreamId(cmd.marketId), evolveMarket), ctx).caseEvents);
    }
    return this.executor.execute(meta, { streamId: marketStreamId(cmd.marketId), evolve: evolveMarket }, async (m, stateOf) =>
      registerMarketFromCase(cmd, await stateOf(supportCaseStreamId(cmd.caseId), evolveSupportCase), m, ctx).marketEvents);
  }
}

export const SUPPORT_CASE_COMMAND_HANDLERS = [DecideOnSupportCaseHandler, RegisterMarketFromCaseHandler];
