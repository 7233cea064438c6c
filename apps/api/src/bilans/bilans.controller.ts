import { Readable } from 'node:stream';
import { Controller, Get, Header, NotFoundException, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { isDepartmentCode } from '@clause-ledger/domain';
import { KeyFiguresScope } from '@clause-ledger/projections';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { InvalidInputException } from '../http/invalid-input';
import { readYourWrites } from '../http/read-your-writes';
import { ProjectionsService } from '../tracking/projections.service';
import { BilanSourcesReader } from './bilan-sources';
import { BilanRenderer } from './bilan-renderer';
import { BilanFormat, Rendered } from './bilan-rendering';
import { Actor, CurrentActor } from '../auth/actor';
import { Allow, InScopeOf } from '../auth/access.decorators';

@ApiTags('bilans and key figures (bilans, chiffres clés)')
@Controller()
export class BilansController {
  constructor(private readonly sources: BilanSourcesReader, private readonly projections: ProjectionsService, private readonly renderer: BilanRenderer) {}

  @Get('markets/:marketId/bilan')
  @Allow('FACILITATOR', 'BUYER', 'AUDITOR')
  @InScopeOf({ market: 'marketId' })
  @ApiOperation({ summary: 'The market\'s bilan (FINAL once closed, INTERIM before): every figure with the ids of the events it sums' })
  @ApiQuery({ name: 'waitForPosition', required: false })
  async json(@Param('marketId', EntityIdPipe) marketId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response, @Query('waitForPosition') waitForPosition?: string) {
    return this.rendered(marketId, 'json', req, res, waitForPosition, { type: 'application/json; charset=utf-8' });
  }

  @Get('markets/:marketId/bilan.csv')
  @Allow('FACILITATOR', 'BUYER', 'AUDITOR')
  @InScopeOf({ market: 'marketId' })
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The bilan\'s figures as CSV (figure; value; event ids)' })
  async csv(@Param('marketId', EntityIdPipe) marketId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response, @Query('waitForPosition') waitForPosition?: string) {
    return this.rendered(marketId, 'csv', req, res, waitForPosition, { disposition: `attachment; filename="bilan-${marketId}.csv"` });
  }

  @Get('markets/:marketId/bilan.pdf')
  @Allow('FACILITATOR', 'BUYER', 'AUDITOR')
  @InScopeOf({ market: 'marketId' })
  @ApiOperation({ summary: 'The bilan as a French PDF for the buyer' })
  async pdf(@Param('marketId', EntityIdPipe) marketId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response, @Query('waitForPosition') waitForPosition?: string) {
    return this.rendered(marketId, 'pdf', req, res, waitForPosition, { type: 'application/pdf', disposition: `attachment; filename="bilan-${marketId}.pdf"` });
  }

  @Get('key-figures')
  @Allow('FACILITATOR', 'AUDITOR')
  @ApiOperation({ summary: 'Yearly key figures (chiffres clés) of a facilitator organisation on a territory' })
  @ApiQuery({ name: 'year', required: true, example: 2018 })
  @ApiQuery({ name: 'facilitatorOrganisation', required: false, example: 'MEF du Cotentin' })
  @ApiQuery({ name: 'department', required: false, example: '50' })
  @ApiQuery({ name: 'waitForPosition', required: false, description: 'a command\'s position: answer once the bilans and support cases include it' })
  async keyFigures(
    @CurrentActor() actor: Actor, @Query('year') year: string, @Query('facilitatorOrganisation') facilitatorOrganisation?: string, @Query('department') department?: string,
    @Query('waitForPosition') waitForPosition?: string,
  ) {
    if (!/^\d{4}$/.test(year ?? '')) throw new InvalidInputException([{ field: 'year', rule: 'format', message: 'year must be a year such as 2018' }]);
    if (department !== undefined && !isDepartmentCode(department)) {
      throw new InvalidInputException([{ field: 'department', rule: 'format', message: 'department must be a French département code such as 50, 2A or 971' }]);
    }
    await readYourWrites(this.projections.bilans, waitForPosition);
    await readYourWrites(this.projections.supportCases, waitForPosition);
    const scope: KeyFiguresScope = { year: Number(year), ...(facilitatorOrganisation ? { facilitatorOrganisation } : {}), ...(department ? { department } : {}) };
    const rendered = await this.renderer.render({ kind: 'key-figures', scope, actor, excludedMarketIds: this.sources.blockedMarketIds() });
    return sent(rendered!, { type: 'application/json; charset=utf-8' });
  }

  /**
   * The bilan rendered off the event loop (BilanRenderer). Its ETag names the read model's position:
   * a client that has the rendering of the current position gets a 304 without anything rendered.
   */
  private async rendered(
    marketId: string, format: BilanFormat, req: Request, res: Response, waitForPosition: string | undefined, headers: { type?: string; disposition?: string },
  ): Promise<StreamableFile | undefined> {
    await readYourWrites(this.projections.bilans, waitForPosition);
    const missing = () => new NotFoundException(`market ${marketId} does not exist (or is not projected yet)`);
    if (!this.sources.hasReadableBilan(marketId)) throw missing();
    const request = { kind: 'bilan', marketId, format } as const;
    const current = etagOf(format, this.renderer.position(request));
    if (req.headers['if-none-match'] === current) {
      res.setHeader('ETag', current).status(304);
      return undefined;
    }
    const rendered = await this.renderer.render(request);
    // a parked event may have arrived while it was rendered: the same refusal as before rendering
    if (!rendered || !this.sources.hasReadableBilan(marketId)) throw missing();
    res.setHeader('ETag', etagOf(format, rendered.position));
    return sent(rendered, headers);
  }
}

/** The parts as they are, one after the other (the lists of ids are not copied into one buffer). */
const sent = (rendered: Rendered, headers: { type?: string; disposition?: string }) =>
  new StreamableFile(Readable.from(rendered.parts, { objectMode: false }), { ...headers, length: rendered.length });

/** Weak: the same read-model state gives the same figures; a PDF rendered again differs in its creation date only. */
const etagOf = (format: BilanFormat, position: string) => `W/"${format}-${position}"`;
