import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PublisherStatus, ReadModelPublisher } from '@clause-ledger/kafka';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../infrastructure/tokens';
import { ProjectionsService } from '../tracking/projections.service';

/** Publishes read models to Kafka when KAFKA_BROKERS is configured; does nothing otherwise. */
@Injectable()
export class ReadModelPublishing implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Kafka');
  private publisher?: ReadModelPublisher;

  constructor(private readonly projections: ProjectionsService, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    if (!this.config.kafka) return;
    this.publisher = new ReadModelPublisher(this.projections.readModels, this.config.kafka, (m) => this.logger.warn(m));
    this.projections.onCommitted(() => this.publisher?.notify());
    this.publisher.start();
    this.logger.log(`publishing read models to ${this.config.kafka.brokers.join(',')} (topics ${this.config.kafka.topicPrefix}.*.v1)`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher?.stop();
  }

  status(): (PublisherStatus & { enabled: true }) | { enabled: false } {
    return this.publisher ? { enabled: true, ...this.publisher.status() } : { enabled: false };
  }
}
