import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { positionToString } from '@clause-ledger/event-store';
import { CommandResult } from '../command-handling/command-executor';
import { answer, commandMeta } from '../command-handling/command-meta';
import { CommandEndpoint } from '../http/command-endpoint';
import { CommandHeaders, CommandHeadersOf } from '../http/command-headers';
import { ProjectionsService } from '../tracking/projections.service';
import { Allow } from '../auth/access.decorators';
import { CorrectStoredEventCommand } from './event-correction.commands';
import { CorrectStoredEventDto } from './event-correction.dto';

@ApiTags('operations')
@Controller('operations')
export class OperationsController {
  constructor(private readonly commands: CommandBus, private readonly projections: ProjectionsService) {}

  @Get('parked-events')
  @Allow('ADMIN')
  @ApiOperation({ summary: 'Events a projection could not fold (or holds back behind one), oldest first, with the stored payload to correct' })
  parkedEvents() {
    return this.projections.runners.flatMap((runner) => runner.parkedEvents().map((p) => ({
      projection: p.projection, position: positionToString(p.position), eventId: p.eventId, streamId: p.streamId, type: p.type,
      schemaVersion: p.event.metadata.schemaVersion ?? 1, error: p.error, blockedDocuments: p.keys, data: p.event.data,
    })));
  }

  @Post('event-corrections')
  @Allow('ADMIN')
  @CommandEndpoint('Correct a stored event: readers fold the corrected payload from now on (and on every rebuild); the original stays in the log')
  async correct(@Body() dto: CorrectStoredEventDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const result: CommandResult = await this.commands.execute(new CorrectStoredEventCommand(dto, commandMeta('CorrectStoredEvent', dto, headers)));
    return answer(res, result, { correctedEventId: dto.correctedEventId });
  }

  @Post('projections/:name/parked-events/retry')
  @Allow('ADMIN')
  @HttpCode(200)
  @ApiOperation({ summary: 'Fold the projection\'s parked events again, oldest first (after deploying an upcaster): answers how many were folded and how many stay parked' })
  retry(@Param('name') name: string) {
    const runner = this.projections.runner(name);
    if (!runner) throw new NotFoundException(`no such projection (known: ${this.projections.runners.map((r) => r.projection.name).join(', ')})`);
    return { projection: name, ...runner.retryParked() };
  }
}
