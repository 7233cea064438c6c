import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { positionToString } from '@clause-ledger/event-store';
import { ProjectionsService } from '../tracking/projections.service';
import { ReadModelPublishing } from './read-model-publishing';
import { Public } from '../auth/access.decorators';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly projections: ProjectionsService, private readonly publishing: ReadModelPublishing) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness and projection state (position, behind the log or not)' })
  async health() {
    const projections = (await this.projections.status()).map((s) => ({ ...s, position: positionToString(s.position) }));
    const kafka = this.publishing.status();
    const healthy = projections.every((p) => p.state === 'live') && (!kafka.enabled || kafka.connected);
    return { status: healthy ? 'ok' : 'degraded', projections, kafka };
  }
}
