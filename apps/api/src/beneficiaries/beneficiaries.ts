import { Body, Controller, Get, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import {
  RegisterBeneficiary, ValidateEligibility, beneficiaryIdentityStreamId, beneficiaryStreamId, evolveBeneficiary,
  registerBeneficiary, validateEligibility,
} from '@clause-ledger/domain';
import { CommandExecutor, CommandMeta, CommandResult } from '../command-handling/command-executor';
import { answer, commandMeta } from '../command-handling/command-meta';
import { DecisionContextProvider } from '../command-handling/decision-context';
import { newEntityId } from '../command-handling/entity-id';
import { CommandEndpoint } from '../http/command-endpoint';
import { CommandHeaders, CommandHeadersOf } from '../http/command-headers';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { RegisterBeneficiaryDto, ValidateEligibilityDto } from './beneficiaries.dto';

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

@ApiTags('beneficiaries (bénéficiaires)')
@Controller('beneficiaries')
export class BeneficiariesController {
  constructor(private readonly commands: CommandBus, private readonly executor: CommandExecutor) {}

  @Post()
  @CommandEndpoint('Register a beneficiary: profile figures, with the name kept in a separate, erasable stream')
  async register(@Body() dto: RegisterBeneficiaryDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const beneficiaryId = newEntityId('beneficiary', dto.beneficiaryId, headers);
    const { beneficiaryId: _clientId, ...fields } = dto;
    const result: CommandResult = await this.commands.execute(
      new RegisterBeneficiaryCommand({ ...fields, beneficiaryId }, commandMeta('RegisterBeneficiary', dto, headers)),
    );
    return answer(res, result, { beneficiaryId });
  }

  @Post(':beneficiaryId/eligibilities')
  @CommandEndpoint('Record the facilitator\'s validation of eligibility criteria (who validated, kind of proof seen, validity)')
  async validateEligibility(
    @Param('beneficiaryId', EntityIdPipe) beneficiaryId: string,
    @Body() dto: ValidateEligibilityDto,
    @CommandHeadersOf() headers: CommandHeaders,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result: CommandResult = await this.commands.execute(
      new ValidateEligibilityCommand({ beneficiaryId, ...dto }, commandMeta('ValidateEligibility', { beneficiaryId, dto }, headers)),
    );
    return answer(res, result, { beneficiaryId });
  }

  @Get(':beneficiaryId')
  async get(@Param('beneficiaryId', EntityIdPipe) beneficiaryId: string) {
    const beneficiary = await this.executor.state(beneficiaryStreamId(beneficiaryId), evolveBeneficiary);
    if (!beneficiary) throw new NotFoundException(`beneficiary ${beneficiaryId} does not exist`);
    return beneficiary;
  }
}

export const BENEFICIARY_COMMAND_HANDLERS = [RegisterBeneficiaryHandler, ValidateEligibilityHandler];
