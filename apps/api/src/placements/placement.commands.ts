import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  CorrectHours, DeclareHours, DomainEvent, EndPlacement, MaybeMarket, MaybePlacement, PlaceBeneficiary, beneficiaryStreamId, companyStreamId, correctHours,
  declareHours, endPlacement, evolveBeneficiary, evolveCompany, evolveMarket, evolvePlacement, marketStreamId, placeBeneficiary,
  placementStreamId, RecordFollowUp, recordFollowUp,
} from '@clause-ledger/domain';
import { CommandExecutor, CommandMeta, CommandResult } from '../command-handling/command-executor';
import { DecisionContextProvider } from '../command-handling/decision-context';

export class PlaceBeneficiaryCommand {
  constructor(readonly cmd: PlaceBeneficiary, readonly meta: CommandMeta) {}
}
export class DeclareHoursCommand {
  constructor(readonly cmd: DeclareHours, readonly meta: CommandMeta) {}
}
export class CorrectHoursCommand {
  constructor(readonly cmd: CorrectHours, readonly meta: CommandMeta) {}
}
export class RecordFollowUpCommand {
  constructor(readonly cmd: RecordFollowUp, readonly meta: CommandMeta) {}
}
export class EndPlacementCommand {
  constructor(readonly cmd: EndPlacement, readonly meta: CommandMeta) {}
}

const placementStream = (id: string) => ({ streamId: placementStreamId(id), evolve: evolvePlacement });

@CommandHandler(PlaceBeneficiaryCommand)
export class PlaceBeneficiaryHandler implements ICommandHandler<PlaceBeneficiaryCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: PlaceBeneficiaryCommand) {
    return this.executor.execute(meta, placementStream(cmd.placementId), async (placement, stateOf) => {
      const [market, company, beneficiary] = await Promise.all([
        stateOf(marketStreamId(cmd.marketId), evolveMarket),
        stateOf(companyStreamId(cmd.companyId), evolveCompany),
        stateOf(beneficiaryStreamId(cmd.beneficiaryId), evolveBeneficiary),
      ]);
      return placeBeneficiary(cmd, { placement, market, company, beneficiary }, this.ctx.now());
    });
  }
}

/** The market's periods bound the hours: it is read along with the placement. */
function decideOnHours(
  executor: CommandExecutor, placementId: string, meta: CommandMeta,
  decide: (placement: MaybePlacement, market: MaybeMarket) => readonly DomainEvent[],
): Promise<CommandResult> {
  return executor.execute(meta, placementStream(placementId), async (placement: MaybePlacement, stateOf) => {
    const market = placement ? await stateOf(marketStreamId(placement.marketId), evolveMarket) : undefined;
    return decide(placement, market);
  });
}

@CommandHandler(DeclareHoursCommand)
export class DeclareHoursHandler implements ICommandHandler<DeclareHoursCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: DeclareHoursCommand) {
    return decideOnHours(this.executor, cmd.placementId, meta, (placement, market) => declareHours(cmd, placement, market, this.ctx.now()));
  }
}

@CommandHandler(CorrectHoursCommand)
export class CorrectHoursHandler implements ICommandHandler<CorrectHoursCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: CorrectHoursCommand) {
    return decideOnHours(this.executor, cmd.placementId, meta, (placement, market) => correctHours(cmd, placement, market, this.ctx.now()));
  }
}

@CommandHandler(EndPlacementCommand)
export class EndPlacementHandler implements ICommandHandler<EndPlacementCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: EndPlacementCommand) {
    return this.executor.execute(meta, placementStream(cmd.placementId), (placement) => endPlacement(cmd, placement, this.ctx.now()));
  }
}

@CommandHandler(RecordFollowUpCommand)
export class RecordFollowUpHandler implements ICommandHandler<RecordFollowUpCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: RecordFollowUpCommand) {
    return this.executor.execute(meta, placementStream(cmd.placementId), (placement) => recordFollowUp(cmd, placement, this.ctx.now()));
  }
}

export const PLACEMENT_COMMAND_HANDLERS = [PlaceBeneficiaryHandler, DeclareHoursHandler, CorrectHoursHandler, EndPlacementHandler, RecordFollowUpHandler];
