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
 * The case is linked first (its revision guards against a second market), then the market is
 * written; a retry with the same request completes a registration interrupted between the two.
 */
@CommandHandler(RegisterMarketFromCaseCommand)
export class RegisterMarketFromCaseHandler implements ICommandHandler<RegisterMarketFromCaseCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: RegisterMarketFromCaseCommand) {
    return this.executor.execute(meta, { streamId: marketStreamId(cmd.marketId), evolve: evolveMarket }, async (market) => {
      const supportCase = await this.executor.load(supportCaseStreamId(cmd.caseId), evolveSupportCase);
      const { caseEvents, marketEvents } = registerMarketFromCase(cmd, supportCase.state, market, this.ctx.now());
      const linkFirst = caseEvents.length ? [{ streamId: supportCaseStreamId(cmd.caseId), events: caseEvents, expectedRevision: supportCase.revision }] : [];
      return { events: marketEvents, writeFirst: linkFirst };
    });
  }
}

export const SUPPORT_CASE_COMMAND_HANDLERS = [DecideOnSupportCaseHandler, RegisterMarketFromCaseHandler];
