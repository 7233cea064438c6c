import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  AssignReferent, RecordContact, assignReferent, beneficiaryStreamId, evolveBeneficiary, evolveJourney, evolvePartner, evolvePlacement, journeyStreamId,
  partnerStreamId, placementStreamId, recordContact,
} from '@clause-ledger/domain';
import { CommandExecutor, CommandMeta, CommandResult } from '../command-handling/command-executor';
import { DecisionContextProvider } from '../command-handling/decision-context';

export class AssignReferentCommand {
  constructor(readonly cmd: AssignReferent, readonly meta: CommandMeta) {}
}
export class RecordContactCommand {
  constructor(readonly cmd: RecordContact, readonly meta: CommandMeta) {}
}

const journeyStream = (beneficiaryId: string) => ({ streamId: journeyStreamId(beneficiaryId), evolve: evolveJourney });

@CommandHandler(AssignReferentCommand)
export class AssignReferentHandler implements ICommandHandler<AssignReferentCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: AssignReferentCommand) {
    return this.executor.execute(meta, journeyStream(cmd.beneficiaryId), async (_journey, stateOf) => {
      const [beneficiary, partner] = await Promise.all([
        stateOf(beneficiaryStreamId(cmd.beneficiaryId), evolveBeneficiary),
        stateOf(partnerStreamId(cmd.partnerId), evolvePartner),
      ]);
      return assignReferent(cmd, beneficiary, partner, this.ctx.now());
    });
  }
}

@CommandHandler(RecordContactCommand)
export class RecordContactHandler implements ICommandHandler<RecordContactCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: RecordContactCommand) {
    return this.executor.execute(meta, journeyStream(cmd.beneficiaryId), async (_journey, stateOf) => {
      const [beneficiary, placement] = await Promise.all([
        stateOf(beneficiaryStreamId(cmd.beneficiaryId), evolveBeneficiary),
        stateOf(placementStreamId(cmd.placementId), evolvePlacement),
      ]);
      return recordContact(cmd, beneficiary, placement, this.ctx.now());
    });
  }
}

export const JOURNEY_COMMAND_HANDLERS = [AssignReferentHandler, RecordContactHandler];
