import { Body, Controller, Get, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { companyStreamId, evolveCompany } from '@clause-ledger/domain';
import { CommandExecutor, CommandResult } from '../command-handling/command-executor';
import { answer, commandMeta } from '../command-handling/command-meta';
import { CommandEndpoint } from '../http/command-endpoint';
import { CommandHeaders, CommandHeadersOf } from '../http/command-headers';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { RegisterCompanyCommand } from './company.commands';
import { RegisterCompanyDto } from './company.dto';
import { Allow, InScopeOf } from '../auth/access.decorators';

@ApiTags('companies (entreprises attributaires)')
@Controller('companies')
export class CompaniesController {
  constructor(private readonly commands: CommandBus, private readonly executor: CommandExecutor) {}

  @Post()
  @Allow('FACILITATOR')
  @CommandEndpoint('Register a company; its SIRET is its id')
  async register(@Body() dto: RegisterCompanyDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const result: CommandResult = await this.commands.execute(new RegisterCompanyCommand({ ...dto }, commandMeta('RegisterCompany', dto, headers)));
    return answer(res, result, { companyId: dto.siret });
  }

  @Get(':companyId')
  @Allow('FACILITATOR', 'COMPANY', 'AUDITOR')
  @InScopeOf({ company: 'companyId' })
  async get(@Param('companyId', EntityIdPipe) companyId: string) {
    const company = await this.executor.state(companyStreamId(companyId), evolveCompany);
    if (!company) throw new NotFoundException(`company ${companyId} does not exist`);
    return company;
  }
}
