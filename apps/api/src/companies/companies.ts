import { Body, Controller, Get, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { Response } from 'express';
import { COMPANY_KINDS, CompanyKind, RegisterCompany, companyStreamId, evolveCompany, registerCompany } from '@clause-ledger/domain';
import { CommandExecutor, CommandMeta, CommandResult } from '../command-handling/command-executor';
import { answer, commandMeta } from '../command-handling/command-meta';
import { DecisionContextProvider } from '../command-handling/decision-context';
import { CommandEndpoint } from '../http/command-endpoint';
import { CommandHeaders, CommandHeadersOf } from '../http/command-headers';
import { IsText } from '../http/dto-rules';
import { EntityIdPipe } from '../http/entity-id.pipe';

export class RegisterCompanyDto {
  @ApiProperty({ example: '73282932000074', description: '14 digits, Luhn checksum; becomes the company id' })
  @IsString()
  @Matches(/^\d{14}$/, { message: '$property must be 14 digits' })
  siret: string;

  @IsText('Bâtiments du Cotentin SAS')
  name: string;

  @ApiProperty({ example: '50100' })
  @IsString()
  @Matches(/^\d{5}$/, { message: '$property must be a 5-digit French postcode' })
  postcode: string;

  @ApiProperty({ enum: COMPANY_KINDS, description: 'SIAE (AI, ACI, EI, EITI, ETTI), disability sector (EA, EATT, ESAT), GEIQ, OPCS or ORDINARY' })
  @IsIn(COMPANY_KINDS, { message: `$property must be one of ${COMPANY_KINDS.join(', ')}` })
  kind: CompanyKind;
}

export class RegisterCompanyCommand {
  constructor(readonly cmd: RegisterCompany, readonly meta: CommandMeta) {}
}

@CommandHandler(RegisterCompanyCommand)
export class RegisterCompanyHandler implements ICommandHandler<RegisterCompanyCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: RegisterCompanyCommand) {
    return this.executor.execute(meta, { streamId: companyStreamId(cmd.siret), evolve: evolveCompany }, (company) => registerCompany(cmd, company, this.ctx.now()));
  }
}

@ApiTags('companies (entreprises attributaires)')
@Controller('companies')
export class CompaniesController {
  constructor(private readonly commands: CommandBus, private readonly executor: CommandExecutor) {}

  @Post()
  @CommandEndpoint('Register a company; its SIRET is its id')
  async register(@Body() dto: RegisterCompanyDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const result: CommandResult = await this.commands.execute(new RegisterCompanyCommand({ ...dto }, commandMeta('RegisterCompany', dto, headers)));
    return answer(res, result, { companyId: dto.siret });
  }

  @Get(':companyId')
  async get(@Param('companyId', EntityIdPipe) companyId: string) {
    const company = await this.executor.state(companyStreamId(companyId), evolveCompany);
    if (!company) throw new NotFoundException(`company ${companyId} does not exist`);
    return company;
  }
}

export const COMPANY_COMMAND_HANDLERS = [RegisterCompanyHandler];
