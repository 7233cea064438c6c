import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  BeneficiaryIdentity, EraseBeneficiary, RegisterBeneficiary, ValidateEligibility, beneficiaryStreamId, eraseBeneficiary, evolveBeneficiary,
  registerBeneficiary, requireNotRegistered, validateEligibility,
} from '@clause-ledger/domain';
import { CommandExecutor, CommandMeta, CommandResult } from '../command-handling/command-executor';
import { DecisionContextProvider } from '../command-handling/decision-context';
import { BeneficiaryIdentities } from '../personal-data/beneficiary-identities';

/** As the client sends it: the identity in clear, sealed by the handler before the domain sees it. */
export type RegisterBeneficiaryRequest = Omit<RegisterBeneficiary, 'identity'> & Pick<BeneficiaryIdentity, 'firstName' | 'lastName'>;

export class RegisterBeneficiaryCommand {
  constructor(readonly cmd: RegisterBeneficiaryRequest, readonly meta: CommandMeta) {}
}
export class ValidateEligibilityCommand {
  constructor(readonly cmd: ValidateEligibility, readonly meta: CommandMeta) {}
}
export class EraseBeneficiaryCommand {
  constructor(readonly cmd: EraseBeneficiary, readonly meta: CommandMeta) {}
}

const beneficiaryStream = (id: string) => ({ streamId: beneficiaryStreamId(id), evolve: evolveBeneficiary });

/**
 * One append: the key is created (or found, on a retry) before it, so a crash in between leaves
 * an unused key and the id free.
 */
@CommandHandler(RegisterBeneficiaryCommand)
export class RegisterBeneficiaryHandler implements ICommandHandler<RegisterBeneficiaryCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider, private readonly identities: BeneficiaryIdentities) {}
  execute({ cmd, meta }: RegisterBeneficiaryCommand) {
    const { firstName, lastName, ...profile } = cmd;
    return this.executor.execute(meta, beneficiaryStream(cmd.beneficiaryId), async (beneficiary) => {
      requireNotRegistered(beneficiary, cmd.beneficiaryId);
      const identity = await this.identities.seal(cmd.beneficiaryId, { firstName, lastName, birthDate: cmd.birthDate, postcode: cmd.postcode });
      return registerBeneficiary({ ...profile, identity }, beneficiary, this.ctx.now());
    });
  }
}

@CommandHandler(ValidateEligibilityCommand)
export class ValidateEligibilityHandler implements ICommandHandler<ValidateEligibilityCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider, private readonly identities: BeneficiaryIdentities) {}
  execute({ cmd, meta }: ValidateEligibilityCommand) {
    return this.executor.execute(meta, beneficiaryStream(cmd.beneficiaryId), async (beneficiary) => {
      const birthDate = beneficiary && !beneficiary.erased ? (await this.identities.open(beneficiary)).birthDate : undefined;
      return validateEligibility(cmd, beneficiary, this.ctx.now(), birthDate);
    });
  }
}

/**
 * The key is destroyed before BeneficiaryErased is appended: a crash in between leaves the person
 * unreadable (reads answer 410) and a retry appends the event; never an event claiming an erasure
 * that did not happen.
 */
@CommandHandler(EraseBeneficiaryCommand)
export class EraseBeneficiaryHandler implements ICommandHandler<EraseBeneficiaryCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider, private readonly identities: BeneficiaryIdentities) {}
  execute({ cmd, meta }: EraseBeneficiaryCommand) {
    return this.executor.execute(meta, beneficiaryStream(cmd.beneficiaryId), async (beneficiary) => {
      const erased = eraseBeneficiary(cmd, beneficiary, this.ctx.now());
      await this.identities.destroy(cmd.beneficiaryId);
      return erased;
    });
  }
}

export const BENEFICIARY_COMMAND_HANDLERS = [RegisterBeneficiaryHandler, ValidateEligibilityHandler, EraseBeneficiaryHandler];
