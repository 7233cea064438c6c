import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { EventStore } from '@clause-ledger/event-store';
import { AppConfig } from './config/app-config';
import { CommandExecutor } from './command-handling/command-executor';
import { DecisionContextProvider } from './command-handling/decision-context';
import { Clock } from './infrastructure/clock';
import { eventStoreProvider } from './infrastructure/event-store.provider';
import { APP_CONFIG, EVENT_STORE } from './infrastructure/tokens';
import { MarketsController } from './markets/markets.controller';
import { MARKET_COMMAND_HANDLERS } from './markets/market.commands';
import { CompaniesController } from './companies/companies.controller';
import { COMPANY_COMMAND_HANDLERS } from './companies/company.commands';
import { BeneficiariesController } from './beneficiaries/beneficiaries.controller';
import { BENEFICIARY_COMMAND_HANDLERS } from './beneficiaries/beneficiary.commands';
import { PlacementsController } from './placements/placements.controller';
import { PLACEMENT_COMMAND_HANDLERS } from './placements/placement.commands';
import { TrackingController } from './tracking/tracking.controller';
import { ProjectionsService } from './tracking/projections.service';
import { HealthController } from './health/health.controller';
import { ReadModelPublishing } from './health/read-model-publishing';
import { AlertsController } from './alerts/alerts.controller';
import { ALERT_COMMAND_HANDLERS } from './alerts/alert.commands';
import { DailyClock } from './alerts/daily-clock';
import { AlertNotifier } from './alerts/alert-notifier';
import { BilansController } from './bilans/bilans.controller';
import { BilanSourcesReader } from './bilans/bilan-sources';
import { BadgesController } from './badges/badges.controller';
import { BADGE_COMMAND_HANDLERS } from './badges/badge.commands';
import { BadgeSigner } from './badges/badge-signer';
import { SupportCasesController } from './support-cases/support-cases.controller';
import { CaseworkReportsController } from './support-cases/casework-reports.controller';
import { SUPPORT_CASE_COMMAND_HANDLERS } from './support-cases/support-case.commands';
import { FacilitatorActivityController } from './facilitator-activity/facilitator-activity.controller';
import { FACILITATOR_ACTIVITY_COMMAND_HANDLERS } from './facilitator-activity/facilitator-activity.commands';

class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            ...(process.stdout.isTTY ? { transport: { target: 'pino-pretty', options: { singleLine: true } } } : {}),
            autoLogging: { ignore: (req) => req.url === '/health' },
          },
        }),
      ],
      controllers: [TrackingController, MarketsController, CompaniesController, BeneficiariesController, PlacementsController, AlertsController, BilansController, BadgesController, SupportCasesController, CaseworkReportsController, FacilitatorActivityController, HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useFactory: () => new Clock(config.timeZone, config.fixedToday) },
        eventStoreProvider,
        EventStoreLifecycle,
        CommandExecutor,
        DecisionContextProvider,
        ProjectionsService,
        ...MARKET_COMMAND_HANDLERS,
        ...COMPANY_COMMAND_HANDLERS,
        ...BENEFICIARY_COMMAND_HANDLERS,
        ...PLACEMENT_COMMAND_HANDLERS,
        ...ALERT_COMMAND_HANDLERS,
        DailyClock,
        AlertNotifier,
        BilanSourcesReader,
        BadgeSigner,
        ReadModelPublishing,
        ...BADGE_COMMAND_HANDLERS,
        ...SUPPORT_CASE_COMMAND_HANDLERS,
        ...FACILITATOR_ACTIVITY_COMMAND_HANDLERS,
      ],
    };
  }
}
