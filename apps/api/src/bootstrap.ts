import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { useJsonBodies } from './http/body-parsing';
import { hardenHttp } from './http/hardening';
import { ErrorResponsesFilter } from './http/error-responses';
import { InvalidInputException, toFieldProblems } from './http/invalid-input';

/** Builds the HTTP app (used by main, the tests, the demo and the benchmark alike). */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, abortOnError: false, bodyParser: false });
  app.useLogger(app.get(Logger));
  hardenHttp(app, config);
  useJsonBodies(app, config.bodyLimitBytes);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new InvalidInputException(toFieldProblems(errors)),
    }),
  );
  app.useGlobalFilters(new ErrorResponsesFilter());
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('Clause Ledger API')
    .setDescription('Event-sourced follow-up of insertion clauses (clauses sociales) in public procurement: markets, clauses, companies, beneficiaries, placements, monthly hours and execution tracking. '
      + 'Every error answers { statusCode, error, code, message, field?, problems? }; GET /errors lists every code with its HTTP status and meaning.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}

export async function startApp(config: AppConfig): Promise<INestApplication> {
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  return app;
}
