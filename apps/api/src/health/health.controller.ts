import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { positionToString } from '@clause-ledger/event-store';
import { ProjectionsService } from '../tracking/projections.service';
import { ReadModelPublishing } from './read-model-publishing';
import { Public } from '../auth/access.decorators';

const FIRST_PARKED_SHOWN = 5;

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly projections: ProjectionsService, private readonly publishing: ReadModelPublishing) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness and projection state (position, behind the log or not, parked events): "degraded" when a projection failed or parked an event' })
  async health() {
    const projections = (await this.projections.status()).map((s) => ({
      ...s,
      position: positionToString(s.position),
      firstParked: this.projections.runner(s.projection)!.parkedEvents(FIRST_PARKED_SHOWN).map((p) => ({
        position: positionToString(p.position), eventId: p.eventId, type: p.type, error: p.error,
      })),
    }));
    const kafka = this.publishing.status();
    const healthy = projections.every((p) => p.state === 'live' && p.parked === 0) && (!kafka.enabled || kafka.connected);
    return { status: healthy ? 'ok' : 'degraded', projections, kafka };
  }
}
