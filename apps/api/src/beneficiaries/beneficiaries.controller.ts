import { Body, Controller, Get, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { beneficiaryStreamId, evolveBeneficiary } from '@clause-ledger/domain';
import { CommandExecutor, CommandResult } from '../command-handling/command-executor';
import { answer, commandMeta } from '../command-handling/command-meta';
import { newEntityId } from '../command-handling/entity-id';
import { CommandEndpoint } from '../http/command-endpoint';
import { CommandHeaders, CommandHeadersOf } from '../http/command-headers';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { RegisterBeneficiaryCommand, ValidateEligibilityCommand } from './beneficiary.commands';
import { RegisterBeneficiaryDto, ValidateEligibilityDto } from './beneficiaries.dto';
import { Allow, InScopeOf } from '../auth/access.decorators';

@ApiTags('beneficiaries (bénéficiaires)')
@Controller('beneficiaries')
export class BeneficiariesController {
  constructor(private readonly commands: CommandBus, private readonly executor: CommandExecutor) {}

  @Post()
  @Allow('FACILITATOR')
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
  @Allow('FACILITATOR')
  @InScopeOf({ beneficiary: 'beneficiaryId' })
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
  @Allow('FACILITATOR', 'AUDITOR')
  @InScopeOf({ beneficiary: 'beneficiaryId' })
  async get(@Param('beneficiaryId', EntityIdPipe) beneficiaryId: string) {
    const beneficiary = await this.executor.state(beneficiaryStreamId(beneficiaryId), evolveBeneficiary);
    if (!beneficiary) throw new NotFoundException(`beneficiary ${beneficiaryId} does not exist`);
    return beneficiary;
  }
}
