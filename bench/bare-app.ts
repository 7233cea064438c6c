import { Body, Controller, HttpCode, Module, Param, Post, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { INestApplication } from '@nestjs/common';
import { DeclareHoursDto } from '../apps/api/src/placements/placements.dto';

/** The baseline: a bare NestJS endpoint validating the same DTO, with no store behind it. */
@Controller('placements')
class BareController {
  @Post(':placementId/hours')
  @HttpCode(201)
  declare(@Param('placementId') placementId: string, @Body() dto: DeclareHoursDto) {
    return { placementId, month: dto.month };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

export async function startBareApp(): Promise<INestApplication> {
  const app = await NestFactory.create(BareModule, { logger: false });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  await app.listen(0, '127.0.0.1');
  return app;
}
