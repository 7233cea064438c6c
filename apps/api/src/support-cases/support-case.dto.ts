import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min,
} from 'class-validator';
import {
  CASE_ACTION_KINDS, CASE_DOCUMENT_KINDS, CLAUSE_TYPES, CONTACT_CHANNELS, CaseActionKind, CaseDocumentKind, ClauseType, ContactChannel,
  MARKET_KINDS, MarketKind, NO_CLAUSE_REASONS, NoClauseReason, PARTICIPANT_KINDS, ParticipantKind, SUPPORT_LEVELS, SupportLevel,
} from '@clause-ledger/domain';
import { IsEntityId, IsIsoDateString, IsNestedObject, IsNestedObjectList, IsText, ISO_MONTH_PATTERN } from '../http/dto-rules';
import { BuyerDto, DefineClauseDto, LotDto } from '../markets/market.dto';

const oneOf = <T extends readonly (string | number)[]>(values: T) => ({ message: `$property must be one of ${values.join(', ')}` });

export class CaseContactDto {
  @IsText('Service de la commande publique', 200)
  name: string;

  @IsText('responsable des marchés', 200, true)
  role?: string;

  @ApiProperty({ required: false, example: 'marches@saint-lo.fr' })
  @IsOptional()
  @IsEmail({}, { message: '$property must be an e-mail address' })
  email?: string;

  @ApiProperty({ required: false, example: '02 33 77 79 64' })
  @IsOptional()
  @Matches(/^\+?[0-9 .]{6,20}$/, { message: '$property must be a phone number' })
  phone?: string;
}

export class CaseProjectDto {
  @IsText('Requalification de la place du marché')
  title: string;

  @IsText('Saint-Lô (50)')
  territory: string;

  @ApiProperty({ example: '50' })
  @IsString()
  @Matches(/^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$/, { message: '$property must be a French département code such as 50, 2A or 971' })
  department: string;

  @ApiProperty({ enum: MARKET_KINDS })
  @IsIn(MARKET_KINDS, oneOf(MARKET_KINDS))
  marketKind: MarketKind;

  @ApiProperty({ example: 180_000_000, description: 'estimated amount excl. tax, in euro cents' })
  @IsInt({ message: '$property must be a whole number of euro cents' })
  @Min(0, { message: '$property must not be negative' })
  estimatedAmountCents: number;

  @ApiProperty({ example: '2026-05', description: 'expected publication of the tender, YYYY-MM' })
  @IsString()
  @Matches(ISO_MONTH_PATTERN, { message: '$property must be a month YYYY-MM' })
  expectedPublication: string;
}

export class RequestSupportDto {
  @IsEntityId({ optional: true, description: 'chosen by the client, or generated' })
  caseId?: string;

  @IsText('Département de la Manche', 200)
  facilitatorOrganisation: string;

  @IsNestedObject(() => BuyerDto)
  buyer: BuyerDto;

  @IsNestedObject(() => CaseContactDto)
  contact: CaseContactDto;

  @IsNestedObject(() => CaseProjectDto)
  project: CaseProjectDto;

  @ApiProperty({ enum: CONTACT_CHANNELS })
  @IsIn(CONTACT_CHANNELS, oneOf(CONTACT_CHANNELS))
  channel: ContactChannel;

  @IsIsoDateString('2026-01-12')
  requestedOn: string;
}

export class AgreeSupportLevelDto {
  @ApiProperty({ enum: SUPPORT_LEVELS, description: '1 first advice, 2 drafting the tender, 3 execution follow-up (1 and 2 are free)' })
  @IsIn(SUPPORT_LEVELS, oneOf(SUPPORT_LEVELS))
  level: SupportLevel;

  @IsText('le maître d\'ouvrage a transmis le DCE', 1000, true)
  reason?: string;

  @IsIsoDateString('2026-01-12')
  agreedOn: string;
}

export class ParticipantDto {
  @ApiProperty({ enum: PARTICIPANT_KINDS })
  @IsIn(PARTICIPANT_KINDS, oneOf(PARTICIPANT_KINDS))
  kind: ParticipantKind;

  @IsText('Commune de Saint-Lô, service marchés', 200)
  label: string;
}

export class NextActionDto {
  @IsIsoDateString('2026-02-02')
  date: string;

  @IsText('recevoir le DCE', 500)
  summary: string;
}

export class LogCaseActionDto {
  @IsEntityId({ optional: true })
  actionId?: string;

  @ApiProperty({ enum: CASE_ACTION_KINDS })
  @IsIn(CASE_ACTION_KINDS, oneOf(CASE_ACTION_KINDS))
  kind: CaseActionKind;

  @IsIsoDateString('2026-01-12')
  date: string;

  @ApiProperty({ enum: CONTACT_CHANNELS })
  @IsIn(CONTACT_CHANNELS, oneOf(CONTACT_CHANNELS))
  channel: ContactChannel;

  @ApiProperty({ type: [ParticipantDto] })
  @IsArray({ message: '$property must be a list' })
  @ArrayMinSize(1, { message: '$property needs at least one participant' })
  @ArrayMaxSize(50)
  @IsNestedObjectList(() => ParticipantDto)
  participants: ParticipantDto[];

  @IsText('Premier échange : conseil sur le choix d\'une clause d\'exécution', 2000)
  summary: string;

  @IsNestedObject(() => NextActionDto, { optional: true })
  nextAction?: NextActionDto;
}

export class RecordCaseDocumentDto {
  @IsEntityId({ optional: true })
  documentId?: string;

  @ApiProperty({ enum: ['RECEIVED', 'SENT'] })
  @IsIn(['RECEIVED', 'SENT'], { message: '$property must be RECEIVED or SENT' })
  direction: 'RECEIVED' | 'SENT';

  @ApiProperty({ enum: CASE_DOCUMENT_KINDS })
  @IsIn(CASE_DOCUMENT_KINDS, oneOf(CASE_DOCUMENT_KINDS))
  kind: CaseDocumentKind;

  @IsText('CCTP lot 1 VRD')
  title: string;

  @IsIsoDateString('2026-02-02')
  date: string;
}

export class DescribeCaseLotsDto {
  @ApiProperty({ type: [LotDto] })
  @IsArray({ message: '$property must be a list of lots' })
  @ArrayMinSize(1, { message: '$property needs at least one lot' })
  @ArrayMaxSize(200)
  @IsNestedObjectList(() => LotDto)
  lots: LotDto[];

  @IsIsoDateString('2026-02-02')
  describedOn: string;
}

export class JobGeneratedDto {
  @ApiProperty({ example: 'F1703', description: 'ROME code (France Travail)' })
  @IsString()
  @Matches(/^[A-N]\d{4}$/, { message: '$property must be a ROME code such as F1703' })
  romeCode: string;

  @IsText('Maçon', 200)
  title: string;

  @ApiProperty({ example: 2 })
  @IsInt({ message: '$property must be a whole number' })
  @Min(1, { message: '$property must be at least 1' })
  @Max(10_000)
  positions: number;
}

export class AnalyseOpportunityDto {
  @ApiProperty({ type: [JobGeneratedDto] })
  @IsArray({ message: '$property must be a list' })
  @ArrayMaxSize(100)
  @IsNestedObjectList(() => JobGeneratedDto)
  jobsGenerated: JobGeneratedDto[];

  @ApiProperty()
  @IsBoolean({ message: '$property must be true or false' })
  localJobseekersCanFill: boolean;

  @ApiProperty()
  @IsBoolean({ message: '$property must be true or false' })
  qpvJobseekersCanFill: boolean;

  @ApiProperty({ enum: CLAUSE_TYPES, isArray: true })
  @IsArray()
  @IsIn(CLAUSE_TYPES, { each: true, message: `$property must only contain ${CLAUSE_TYPES.join(', ')}` })
  recommendedClauseTypes: ClauseType[];

  @IsText('métiers du bâtiment accessibles après une courte formation', 2000)
  reason: string;

  @IsIsoDateString('2026-02-05')
  analysedOn: string;
}

/** The same clause fields as a market's clause (one definition), plus the date of the proposal. */
export class ProposeClauseDto extends DefineClauseDto {
  @IsIsoDateString('2026-02-10')
  proposedOn: string;
}

export class AnswerClauseProposalDto {
  @ApiProperty({ description: 'true: the buyer puts the clause in its tender' })
  @IsBoolean({ message: '$property must be true or false' })
  adopted: boolean;

  @IsText('lot trop court pour une clause', 1000, true)
  reason?: string;

  @IsIsoDateString('2026-02-20')
  answeredOn: string;
}

export class SubCriterionDto {
  @IsEntityId({ example: 'HOURS' })
  code: string;

  @IsText('Nombre d\'heures d\'insertion proposées', 300)
  label: string;

  @ApiProperty({ example: 6 })
  @IsNumber({ maxDecimalPlaces: 2 }, { message: '$property must be a number of points with at most 2 decimals' })
  @Min(0.01, { message: '$property must be above 0' })
  @Max(1000)
  maxPoints: number;
}

export class AwardCriterionGridDto {
  @ApiProperty({ example: 10, description: 'weight of the insertion criterion in the award, %' })
  @IsNumber({ maxDecimalPlaces: 2 }, { message: '$property must be a percentage with at most 2 decimals' })
  @Min(0.01, { message: '$property must be above 0' })
  @Max(100, { message: '$property must be at most 100' })
  weightPercent: number;

  @ApiProperty({ type: [SubCriterionDto] })
  @IsArray()
  @ArrayMinSize(1, { message: '$property needs at least one sub-criterion' })
  @ArrayMaxSize(20)
  @IsNestedObjectList(() => SubCriterionDto)
  subCriteria: SubCriterionDto[];
}

export class ScoreDto {
  @IsEntityId({ example: 'HOURS' })
  code: string;

  @ApiProperty({ example: 5.5 })
  @IsNumber({ maxDecimalPlaces: 2 }, { message: '$property must be a number of points with at most 2 decimals' })
  @Min(0, { message: '$property must not be negative' })
  points: number;
}

export class BidderScoreDto {
  @IsText('Bâtiments du Cotentin SAS', 200)
  bidder: string;

  @ApiProperty({ required: false, example: '73282932000074' })
  @IsOptional()
  @Matches(/^\d{14}$/, { message: '$property must be 14 digits' })
  siret?: string;

  @IsText('1 200 h via un GEIQ et deux contrats de professionnalisation', 2000)
  insertionOffer: string;

  @ApiProperty({ required: false, example: 1200 })
  @IsOptional()
  @IsInt({ message: '$property must be a whole number of hours' })
  @Min(0)
  offeredHours?: number;

  @ApiProperty({ type: [ScoreDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsNestedObjectList(() => ScoreDto)
  scores: ScoreDto[];
}

export class ScoreOffersDto {
  @IsNestedObject(() => AwardCriterionGridDto)
  grid: AwardCriterionGridDto;

  @ApiProperty({ type: [BidderScoreDto] })
  @IsArray()
  @ArrayMinSize(1, { message: '$property needs at least one offer' })
  @ArrayMaxSize(100)
  @IsNestedObjectList(() => BidderScoreDto)
  bidders: BidderScoreDto[];

  @IsIsoDateString('2026-04-10')
  scoredOn: string;
}

export class RegisterMarketFromCaseDto {
  @IsEntityId({ optional: true, description: 'chosen by the client, or generated' })
  marketId?: string;

  @IsText('2026-TRX-021', 100, true)
  reference?: string;

  @IsText('Requalification de la place du marché', 300, true)
  title?: string;

  @IsIsoDateString('2026-06-01')
  executionStart: string;

  @IsIsoDateString('2027-05-31')
  executionEnd: string;

  @IsIsoDateString('2026-05-20', { description: 'the day the tender was awarded and the case became this market' })
  linkedOn: string;
}

export class CloseSupportCaseDto {
  @ApiProperty({ enum: NO_CLAUSE_REASONS, required: false, description: 'required when the case closes without a market' })
  @IsOptional()
  @IsIn(NO_CLAUSE_REASONS, oneOf(NO_CLAUSE_REASONS))
  reasonCode?: NoClauseReason;

  @IsText('bilan remis, badge délivré', 2000)
  reason: string;

  @IsIsoDateString('2027-07-10')
  closedOn: string;
}
