import { Controller, Get, Header, NotFoundException, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { isDepartmentCode } from '@clause-ledger/domain';
import { MarketBilan, SupportCaseDoc, keyFigures, marketBilan } from '@clause-ledger/projections';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { InvalidInputException } from '../http/invalid-input';
import { readYourWrites } from '../http/read-your-writes';
import { ProjectionsService } from '../tracking/projections.service';
import { BilanSourcesReader } from './bilan-sources';
import { figuresCsv } from './bilan-csv';
import { bilanPdf } from './bilan-pdf';
import { Actor, CurrentActor } from '../auth/actor';
import { facilitatorOrganisationVisibleTo } from '../auth/visibility';
import { Allow, InScopeOf } from '../auth/access.decorators';

@ApiTags('bilans and key figures (bilans, chiffres clés)')
@Controller()
export class BilansController {
  constructor(private readonly sources: BilanSourcesReader, private readonly projections: ProjectionsService) {}

  @Get('markets/:marketId/bilan')
  @Allow('FACILITATOR', 'BUYER', 'AUDITOR')
  @InScopeOf({ market: 'marketId' })
  @ApiOperation({ summary: 'The market\'s bilan (FINAL once closed, INTERIM before): every figure with the ids of the events it sums' })
  @ApiQuery({ name: 'waitForPosition', required: false })
  async json(@Param('marketId', EntityIdPipe) marketId: string, @Query('waitForPosition') waitForPosition?: string) {
    return this.bilanOf(marketId, waitForPosition);
  }

  @Get('markets/:marketId/bilan.csv')
  @Allow('FACILITATOR', 'BUYER', 'AUDITOR')
  @InScopeOf({ market: 'marketId' })
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The bilan\'s figures as CSV (figure; value; event ids)' })
  async csv(@Param('marketId', EntityIdPipe) marketId: string, @Res({ passthrough: true }) res: Response, @Query('waitForPosition') waitForPosition?: string) {
    res.setHeader('Content-Disposition', `attachment; filename="bilan-${marketId}.csv"`);
    return figuresCsv(await this.bilanOf(marketId, waitForPosition));
  }

  @Get('markets/:marketId/bilan.pdf')
  @Allow('FACILITATOR', 'BUYER', 'AUDITOR')
  @InScopeOf({ market: 'marketId' })
  @ApiOperation({ summary: 'The bilan as a French PDF for the buyer' })
  async pdf(@Param('marketId', EntityIdPipe) marketId: string, @Query('waitForPosition') waitForPosition?: string) {
    const pdf = await bilanPdf(await this.bilanOf(marketId, waitForPosition));
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `attachment; filename="bilan-${marketId}.pdf"` });
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
    const sources = this.sources.all();
    const supportCases = this.projections.readModels.listByPrefix<SupportCaseDoc>(this.projections.supportCases.projection.name, 'case:').map((r) => r.doc);
    const visible = {
      ...sources,
      markets: sources.markets.filter((m) => facilitatorOrganisationVisibleTo(actor, m.market.facilitatorOrganisationId)),
      supportCases: supportCases.filter((c) => facilitatorOrganisationVisibleTo(actor, c.facilitatorOrganisationId)),
    };
    return keyFigures({ year: Number(year), ...(facilitatorOrganisation ? { facilitatorOrganisation } : {}), ...(department ? { department } : {}) }, visible);
  }

  private async bilanOf(marketId: string, waitForPosition?: string): Promise<MarketBilan> {
    await readYourWrites(this.projections.bilans, waitForPosition);
    const sources = this.sources.market(marketId);
    if (!sources) throw new NotFoundException(`market ${marketId} does not exist (or is not projected yet)`);
    return marketBilan(sources);
  }
}
