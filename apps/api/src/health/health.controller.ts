import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { positionToString } from '@clause-ledger/event-store';
import { ProjectionsService } from '../tracking/projections.service';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly projections: ProjectionsService) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and projection state (position, behind the log or not)' })
  async health() {
    const projections = (await this.projections.status()).map((s) => ({ ...s, position: positionToString(s.position) }));
    return { status: projections.every((p) => p.state === 'live') ? 'ok' : 'degraded', projections };
  }
}
