import { INestApplication } from '@nestjs/common';
import { Express } from 'express';
import helmet from 'helmet';
import { AppConfig } from '../config/app-config';

/**
 * What the HTTP layer adds around every route: security headers (helmet), CORS only for the
 * configured origins. Rate limiting is the ThrottlerGuard's (app.module), so it runs before the
 * access guard and also slows down token guessing.
 */
export function hardenHttp(app: INestApplication, config: AppConfig): void {
  if (config.trustProxy !== undefined) (app.getHttpAdapter().getInstance() as Express).set('trust proxy', config.trustProxy);
  // no upgrade-insecure-requests: the embedded default serves plain HTTP on loopback, and the
  // OpenAPI page's scripts would otherwise be requested over HTTPS and never load
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...config.corsOrigins],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match'],
      exposedHeaders: ['ETag', 'Idempotent-Replayed', 'WWW-Authenticate', 'Retry-After'],
      maxAge: 600,
    });
  }
}
