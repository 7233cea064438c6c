import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { logCompanySupport, logPromotion } from '@clause-ledger/domain';
import { CommandResult } from '../command-handling/command-executor';
import { answer, commandMeta } from '../command-handling/command-meta';
import { newEntityId } from '../command-handling/entity-id';
import { CommandEndpoint } from '../http/command-endpoint';
import { CommandHeaders, CommandHeadersOf } from '../http/command-headers';
import { Allow } from '../auth/access.decorators';
import { DecideOnFacilitatorActivityCommand } from './facilitator-activity.commands';
import { LogCompanySupportDto, LogPromotionDto } from './facilitator-activity.dto';

@ApiTags('facilitator activity (appui aux entreprises, promotion de la clause)')
@Controller()
export class FacilitatorActivityController {
  constructor(private readonly commands: CommandBus) {}

  @Post('company-support-actions')
  @Allow('FACILITATOR')
  @CommandEndpoint('Log a company support action: information session, hiring-aid advice, work-study set-up, recruitment support')
  async companySupport(@Body() dto: LogCompanySupportDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const actionId = newEntityId('company-support', dto.actionId, headers);
    const { actionId: _clientId, ...fields } = dto;
    // the organisation's own activity: the one of whoever signed in, never a body field
    const organisation = headers.actor.organisationId;
    const result: CommandResult = await this.commands.execute(new DecideOnFacilitatorActivityCommand(organisation,
      (activity, ctx) => logCompanySupport({ ...fields, organisation, actionId }, activity, ctx), commandMeta('LogCompanySupport', dto, headers)));
    return answer(res, result, { organisation, actionId });
  }

  @Post('promotion-actions')
  @Allow('FACILITATOR')
  @CommandEndpoint('Log a promotion action: a meeting of actors, a training of buyers\' staff, a testimony (attendees by kind)')
  async promotion(@Body() dto: LogPromotionDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const actionId = newEntityId('promotion', dto.actionId, headers);
    const { actionId: _clientId, ...fields } = dto;
    // the organisation's own activity: the one of whoever signed in, never a body field
    const organisation = headers.actor.organisationId;
    const result: CommandResult = await this.commands.execute(new DecideOnFacilitatorActivityCommand(organisation,
      (activity, ctx) => logPromotion({ ...fields, organisation, actionId, attendees: fields.attendees.map((a) => ({ ...a })) }, activity, ctx), commandMeta('LogPromotion', dto, headers)));
    return answer(res, result, { organisation, actionId });
  }
}
