import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators';
import { MetricsRegistry } from './command-metrics';

/**
 * Prometheus text format. ADMIN only, through the one access guard: the figures tell the activity of
 * every organisation, and a scraper is given an ADMIN token like any other operations client.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  @Get()
  @Allow('ADMIN')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics: command rate and latency per command type, projection lag, Kafka outbox, event-loop delay' })
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
