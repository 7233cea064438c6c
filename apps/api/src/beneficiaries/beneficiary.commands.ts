import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  RegisterBeneficiary, ValidateEligibility, beneficiaryIdentityStreamId, beneficiaryStreamId, evolveBeneficiary,
  registerBeneficiary, validateEligibility,
} from '@clause-ledger/domain';
import { CommandExecutor, CommandMeta, CommandResult } from '../command-handling/command-executor';
import { DecisionContextProvider } from '../command-handling/decision-context';

export class RegisterBeneficiaryCommand {
  constructor(readonly cmd: RegisterBeneficiary, readonly meta: CommandMeta) {}
}
export class ValidateEligibilityCommand {
  constructor(readonly cmd: ValidateEligibility, readonly meta: CommandMeta) {}
}

const beneficiaryStream = (id: string) => ({ streamId: beneficiaryStreamId(id), evolve: evolveBeneficiary });

@CommandHandler(RegisterBeneficiaryCommand)
export class RegisterBeneficiaryHandler implements ICommandHandler<RegisterBeneficiaryCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: RegisterBeneficiaryCommand) {
    return this.executor.execute(meta, beneficiaryStream(cmd.beneficiaryId), (beneficiary) => {
      const { figures, identity } = registerBeneficiary(cmd, beneficiary, this.ctx.now());
      // identity first: if it is already there, someone registered this id concurrently
      return { events: figures, writeFirst: [{ streamId: beneficiaryIdentityStreamId(cmd.beneficiaryId), events: identity, expectedRevision: 'no_stream' }] };
    });
  }
}

@CommandHandler(ValidateEligibilityCommand)
export class ValidateEligibilityHandler implements ICommandHandler<ValidateEligibilityCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: ValidateEligibilityCommand) {
    return this.executor.execute(meta, beneficiaryStream(cmd.beneficiaryId), (beneficiary) => validateEligibility(cmd, beneficiary, this.ctx.now()));
  }
}

export const BENEFICIARY_COMMAND_HANDLERS = [RegisterBeneficiaryHandler, ValidateEligibilityHandler];
