import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { hardenHttp } from './http/hardening';
import { ErrorResponsesFilter, InvalidInputException, toFieldProblems } from './http/error-responses';

/** Builds the HTTP app (used by main, the tests, the demo and the benchmark alike). */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  hardenHttp(app, config);
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
    .setDescription('Event-sourced follow-up of insertion clauses (clauses sociales) in public procurement: markets, clauses, companies, beneficiaries, placements, monthly hours and execution tracking.')
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
