import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { PartnerDoc, jobOffersProjection } from '@clause-ledger/projections';
import { CommandResult } from '../command-handling/command-executor';
import { answer, commandMeta } from '../command-handling/command-meta';
import { newEntityId } from '../command-handling/entity-id';
import { CommandEndpoint } from '../http/command-endpoint';
import { CommandHeaders, CommandHeadersOf } from '../http/command-headers';
import { Allow } from '../auth/access.decorators';
import { ProjectionsService } from '../tracking/projections.service';
import { RegisterPartnerCommand } from './job-offer.commands';
import { RegisterPartnerDto } from './job-offers.dto';

@ApiTags('partners (Mission locale, France Travail, Cap emploi, PLIE, SIAE, GEIQ)')
@Controller('partners')
export class PartnersController {
  constructor(private readonly commands: CommandBus, private readonly projections: ProjectionsService) {}

  @Post()
  @Allow('FACILITATOR')
  @CommandEndpoint('Register a partner once, with its kind: offers are then shared with it and its counsellors refer people')
  async register(@Body() dto: RegisterPartnerDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const partnerId = newEntityId('partner', dto.partnerId, headers);
    const result: CommandResult = await this.commands.execute(new RegisterPartnerCommand({ partnerId, name: dto.name, kind: dto.kind }, commandMeta('RegisterPartner', dto, headers)));
    return answer(res, result, { partnerId });
  }

  @Get()
  @Allow('FACILITATOR')
  @ApiOperation({ summary: 'The registered partners (professional data only)' })
  list(): PartnerDoc[] {
    return this.projections.readModels.list<PartnerDoc>(jobOffersProjection.name).filter(({ key }) => key.startsWith('partner:')).map(({ doc }) => doc);
  }
}
