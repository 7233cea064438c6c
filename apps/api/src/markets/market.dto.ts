import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsIn, IsOptional, IsString, Matches, ValidateIf } from 'class-validator';
import { BUYER_KINDS, BuyerKind, CLAUSE_TYPES, ClauseType, MARKET_KINDS, MarketKind } from '@clause-ledger/domain';
import { IsEntityId, IsHundredths, IsIsoDateString, IsNestedObject, IsNestedObjectList, IsText, IsWholeNumber } from '../http/dto-rules';

export class BuyerDto {
  @IsText('Cotentin Habitat')
  name: string;

  @ApiProperty({ enum: BUYER_KINDS, description: 'maître d\'ouvrage / acheteur' })
  @IsIn(BUYER_KINDS, { message: `$property must be one of ${BUYER_KINDS.join(', ')}` })
  kind: BuyerKind;

  @ApiPropertyOptional({ example: 'marches@cotentin-habitat.fr', description: 'where alerts to the buyer are sent' })
  @IsOptional()
  @IsEmail({}, { message: '$property must be an e-mail address' })
  contactEmail?: string;
}

export class LotDto {
  @IsEntityId({ example: 'lot-1' })
  lotId: string;

  @IsText('Gros œuvre')
  title: string;

  @ApiProperty({ example: 100_000_000, minimum: 1, description: 'estimated amount excl. tax, in euro cents (every lot has one: its clause\'s target is computed from it)' })
  @IsWholeNumber('euro cents', 1)
  estimatedAmountCents: number;
}

export class RegisterMarketDto {
  @IsEntityId({ optional: true, description: 'chosen by the client, or generated' })
  marketId?: string;

  @IsText('2026-TRX-014', 100, true)
  reference?: string;

  @IsText('Réhabilitation de 120 logements, quartier des Fourches')
  title: string;

  @ApiProperty({ enum: MARKET_KINDS })
  @IsIn(MARKET_KINDS, { message: `$property must be one of ${MARKET_KINDS.join(', ')}` })
  kind: MarketKind;

  @IsNestedObject(() => BuyerDto)
  buyer: BuyerDto;

  @IsText('Cherbourg-en-Cotentin (50)')
  territory: string;

  @ApiProperty({ example: '50', description: 'département code (01-95, 2A, 2B, 971-976)' })
  @IsString()
  @Matches(/^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$/, { message: '$property must be a French département code such as 50, 2A or 971' })
  department: string;

  @IsText('MEF du Cotentin', 200)
  facilitatorOrganisation: string;

  @IsEntityId({ optional: true, example: 'cotentin-habitat', description: 'the buyer\'s organisation id: its staff then read this market\'s tracking, alerts and bilans' })
  buyerOrganisationId?: string;

  @IsIsoDateString('2026-01-05')
  executionStart: string;

  @IsIsoDateString('2027-06-30')
  executionEnd: string;

  @ApiProperty({ type: [LotDto] })
  @IsArray({ message: '$property must be a list of lots' })
  @ArrayMinSize(1, { message: '$property needs at least one lot' })
  @ArrayMaxSize(200)
  @IsNestedObjectList(() => LotDto)
  lots: LotDto[];
}

export class TargetDto {
  @ApiProperty({ enum: ['COMPUTED', 'FIXED'], description: 'COMPUTED: amount × labour share × rate ÷ hourly cost; FIXED: a number of hours' })
  @IsIn(['COMPUTED', 'FIXED'], { message: '$property must be COMPUTED or FIXED' })
  mode: 'COMPUTED' | 'FIXED';

  @ApiPropertyOptional({ example: 50, description: 'labour share of the amount, % (COMPUTED)' })
  @ValidateIf((t: TargetDto) => t.mode === 'COMPUTED')
  @IsHundredths('percent', 0.01, 100)
  labourSharePercent?: number;

  @ApiPropertyOptional({ example: 5, description: 'insertion rate, % (COMPUTED)' })
  @ValidateIf((t: TargetDto) => t.mode === 'COMPUTED')
  @IsHundredths('percent', 0.01, 100)
  insertionRatePercent?: number;

  @ApiPropertyOptional({ example: 3000, description: 'loaded hourly cost in euro cents (COMPUTED)' })
  @ValidateIf((t: TargetDto) => t.mode === 'COMPUTED')
  @IsWholeNumber('euro cents', 1)
  hourlyCostCents?: number;

  @ApiPropertyOptional({ example: 833, description: 'target in whole hours (FIXED)' })
  @ValidateIf((t: TargetDto) => t.mode === 'FIXED')
  @IsWholeNumber('hours', 1)
  hours?: number;

  @ApiPropertyOptional({ enum: ['WHOLE_MARKET', 'PER_YEAR', 'PER_ORDER'] })
  @ValidateIf((t: TargetDto) => t.mode === 'FIXED')
  @IsIn(['WHOLE_MARKET', 'PER_YEAR', 'PER_ORDER'], { message: '$property must be WHOLE_MARKET, PER_YEAR or PER_ORDER' })
  basis?: 'WHOLE_MARKET' | 'PER_YEAR' | 'PER_ORDER';

  @IsText('accord-cadre : 300 h par bon de commande', 500, true, 'paragraphs')
  note?: string;
}

export class DefineClauseDto {
  @ApiProperty({ enum: CLAUSE_TYPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1, { message: '$property needs at least one clause type' })
  @IsIn(CLAUSE_TYPES, { each: true, message: `$property must only contain ${CLAUSE_TYPES.join(', ')}` })
  clauseTypes: ClauseType[];

  @IsNestedObject(() => TargetDto)
  target: TargetDto;

  @ApiProperty({ example: 3000, description: 'penalty per missing hour in euro cents (CCAP), 0 if none' })
  @IsWholeNumber('euro cents', 0)
  penaltyPerMissingHourCents: number;
}

export class QualitativeAssessmentDto {
  @IsText('Clause bien accueillie par les entreprises ; 5 bénéficiaires dont 3 femmes, 2 CDI à l\'issue.', 5000, false, 'paragraphs')
  summary: string;

  @IsText('Recrutements difficiles en gros œuvre au printemps.', 5000, true, 'paragraphs')
  difficulties?: string;

  @IsText('Reconduire la clause sur la tranche 2 avec un GEIQ.', 5000, true, 'paragraphs')
  perspectives?: string;

  @IsText('C. Lefèvre, MEF du Cotentin', 200)
  writtenBy: string;
}

export class CloseMarketDto {
  @IsNestedObject(() => QualitativeAssessmentDto)
  qualitative: QualitativeAssessmentDto;

  @IsText('résiliation du marché au 30 avril', 1000, true, 'paragraphs')
  earlyClosureReason?: string;
}

export class AcceptClauseDto {
  @IsEntityId({ example: '73282932000074', description: 'the winning company (its SIRET)' })
  companyId: string;

  @ApiProperty({ example: 850, description: 'insertion hours the company commits to, at least the target' })
  @IsWholeNumber('hours', 0)
  committedHours: number;
}
