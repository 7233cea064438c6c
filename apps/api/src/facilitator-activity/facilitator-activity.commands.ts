import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  DecisionContext, DomainEvent, FacilitatorActivity, evolveFacilitatorActivity, facilitatorActivityStreamId,
} from '@clause-ledger/domain';
import { CommandExecutor, CommandMeta, CommandResult } from '../command-handling/command-executor';
import { DecisionContextProvider } from '../command-handling/decision-context';

/** Company support and promotion actions, on the facilitator organisation's own stream. */
export class DecideOnFacilitatorActivityCommand {
  constructor(
    readonly organisation: string,
    readonly decide: (activity: FacilitatorActivity | undefined, ctx: DecisionContext) => readonly DomainEvent[],
    readonly meta: CommandMeta,
  ) {}
}

@CommandHandler(DecideOnFacilitatorActivityCommand)
export class DecideOnFacilitatorActivityHandler implements ICommandHandler<DecideOnFacilitatorActivityCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ organisation, decide, meta }: DecideOnFacilitatorActivityCommand) {
    return this.executor.execute(meta, { streamId: facilitatorActivityStreamId(organisation), evolve: evolveFacilitatorActivity }, (activity) => decide(activity, this.ctx.now()));
  }
}

export const FACILITATOR_ACTIVITY_COMMAND_HANDLERS = [DecideOnFacilitatorActivityHandler];
