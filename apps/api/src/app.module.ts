import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
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
import { OfferExpiry } from './job-offers/offer-expiry';
import { AlertNotifier } from './alerts/alert-notifier';
import { BilansController } from './bilans/bilans.controller';
import { BilanSourcesReader } from './bilans/bilan-sources';
import { BilanRenderer } from './bilans/bilan-renderer';
import { AuditController } from './audit/audit.controller';
import { MarketAuditService } from './audit/market-audit.service';
import { ErrorsController } from './errors/errors.controller';
import { MarketPlacements } from './placements/market-placements';
import { BadgesController } from './badges/badges.controller';
import { BADGE_COMMAND_HANDLERS } from './badges/badge.commands';
import { BadgeSigner } from './badges/badge-signer';
import { BeneficiaryIdentities } from './personal-data/beneficiary-identities';
import { PersonalDataKeyStoreLifecycle, personalDataKeyStoreProvider } from './personal-data/key-store.provider';
import { OperationsController } from './operations/operations.controller';
import { OPERATIONS_COMMAND_HANDLERS } from './operations/event-correction.commands';
import { AccessGuard } from './auth/access.guard';
import { AuthController } from './auth/auth.controller';
import { RouteAccessCheck } from './auth/route-table';
import { ScopeResolver } from './auth/scope-resolver';
import { TokenVerifier } from './auth/token-verifier';
import { MemberDirectory } from './auth/member-directory';
import { RotateSigningKeyHandler } from './auth/key-rotation';
import { OrganisationsController } from './organisations/organisations.controller';
import { ORGANISATION_COMMAND_HANDLERS } from './organisations/organisation.commands';
import { SupportCasesController } from './support-cases/support-cases.controller';
import { CaseworkReportsController } from './support-cases/casework-reports.controller';
import { SUPPORT_CASE_COMMAND_HANDLERS } from './support-cases/support-case.commands';
import { FacilitatorActivityController } from './facilitator-activity/facilitator-activity.controller';
import { FACILITATOR_ACTIVITY_COMMAND_HANDLERS } from './facilitator-activity/facilitator-activity.commands';
import { JobOffersController } from './job-offers/job-offers.controller';
import { PartnersController } from './job-offers/partners.controller';
import { CaseworkController } from './job-offers/casework.controller';
import { JOB_OFFER_COMMAND_HANDLERS } from './job-offers/job-offer.commands';
import { VisibleOffers } from './job-offers/visible-offers';
import { JourneysController } from './journeys/journeys.controller';
import { JOURNEY_COMMAND_HANDLERS } from './journeys/journey.commands';
import { CommandMetrics, MetricsRegistry } from './metrics/command-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { RuntimeMetrics } from './metrics/runtime-metrics';

class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

import { AuditVerificationController } from './audit/audit-verification.controller';
import { AuditCheckpointer } from './audit/audit-checkpointer';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        DiscoveryModule,
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: 60_000, limit: Math.max(config.rateLimitPerMinute, 1) }],
          skipIf: () => config.rateLimitPerMinute === 0,
        }),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            ...(process.stdout.isTTY ? { transport: { target: 'pino-pretty', options: { singleLine: true } } } : {}),
            autoLogging: { ignore: (req) => req.url === '/health' },
          },
          // silent writes no request line: the per-request logger (a child logger with the request
          // serialised, built even when nothing is logged, ~15 % of a command's CPU) is not installed
          ...(config.logLevel === 'silent' ? { forRoutes: [] } : {}),
        }),
      ],
      controllers: [TrackingController, MarketsController, CompaniesController, BeneficiariesController, PlacementsController, AlertsController, BilansController, BadgesController, HealthController, ErrorsController, OperationsController, OrganisationsController, AuthController, SupportCasesController, CaseworkReportsController, FacilitatorActivityController, AuditController, PartnersController, JobOffersController, CaseworkController, JourneysController, AuditVerificationController, MetricsController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        MetricsRegistry, CommandMetrics, RuntimeMetrics,
        // guards run in this order: the rate limit first (it also slows token guessing), then access
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
        TokenVerifier,
        MemberDirectory,
        RotateSigningKeyHandler,
        ScopeResolver,
        RouteAccessCheck,
        ...ORGANISATION_COMMAND_HANDLERS,
        ...JOB_OFFER_COMMAND_HANDLERS,
        ...JOURNEY_COMMAND_HANDLERS,
        VisibleOffers,
        { provide: Clock, useFactory: () => new Clock(config.timeZone, config.fixedToday) },
        eventStoreProvider,
        EventStoreLifecycle,
        personalDataKeyStoreProvider,
        PersonalDataKeyStoreLifecycle,
        BeneficiaryIdentities,
        CommandExecutor,
        DecisionContextProvider,
        ProjectionsService,
        ...MARKET_COMMAND_HANDLERS,
        ...COMPANY_COMMAND_HANDLERS,
        ...BENEFICIARY_COMMAND_HANDLERS,
        ...PLACEMENT_COMMAND_HANDLERS,
        ...ALERT_COMMAND_HANDLERS,
        DailyClock,
        OfferExpiry,
        AlertNotifier,
        BilanSourcesReader,
        BilanRenderer,
        MarketAuditService,
        MarketPlacements,
        BadgeSigner,
        AuditCheckpointer,
        ReadModelPublishing,
        ...BADGE_COMMAND_HANDLERS,
        ...OPERATIONS_COMMAND_HANDLERS,
        ...SUPPORT_CASE_COMMAND_HANDLERS,
        ...FACILITATOR_ACTIVITY_COMMAND_HANDLERS,
      ],
    };
  }
}
