import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  AcknowledgeAlert, CLOCK_STREAM, acknowledgeAlert, evolveClock, evolveMarket, evolveAlertAcknowledgements, evolvePlacement, marketAlertsStreamId, marketStreamId,
  placementOfAlert, placementStreamId, tickClock,
} from '@clause-ledger/domain';
import { CommandExecutor, CommandMeta, CommandResult } from '../command-handling/command-executor';
import { DecisionContextProvider } from '../command-handling/decision-context';

export class TickClockCommand {
  constructor(readonly date: string, readonly meta: CommandMeta) {}
}
export class AcknowledgeAlertCommand {
  constructor(readonly cmd: AcknowledgeAlert, readonly meta: CommandMeta) {}
}

@CommandHandler(TickClockCommand)
export class TickClockHandler implements ICommandHandler<TickClockCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ date, meta }: TickClockCommand) {
    return this.executor.execute(meta, { streamId: CLOCK_STREAM, evolve: evolveClock }, (clock) => tickClock(date, clock, this.ctx.now()));
  }
}

@CommandHandler(AcknowledgeAlertCommand)
export class AcknowledgeAlertHandler implements ICommandHandler<AcknowledgeAlertCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: AcknowledgeAlertCommand) {
    return this.executor.execute(meta, { streamId: marketAlertsStreamId(cmd.marketId), evolve: evolveAlertAcknowledgements }, async (state, stateOf) => {
      const placementId = placementOfAlert(cmd.alertId);
      const [market, placement] = await Promise.all([
        stateOf(marketStreamId(cmd.marketId), evolveMarket),
        placementId ? stateOf(placementStreamId(placementId), evolvePlacement) : undefined,
      ]);
      return acknowledgeAlert(cmd, state, { market, placement }, this.ctx.now());
    });
  }
}

export const ALERT_COMMAND_HANDLERS = [TickClockHandler, AcknowledgeAlertHandler];
