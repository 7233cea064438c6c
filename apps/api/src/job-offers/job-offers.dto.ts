import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, Matches } from 'class-validator';
import {
  AGE_BANDS, AgeBand, CONTRACT_TYPES, ContractType, MODALITIES, Modality, NOT_RETAINED_REASONS, NotRetainedReason, PARTNER_KINDS, PartnerKind,
  QUALIFICATION_LEVELS, QualificationLevel, ROME_CODE_PATTERN, SEXES, Sex,
} from '@clause-ledger/domain';
import { ID_PATTERN, ID_RULE, IsEntityId, IsHundredths, IsIsoDateString, IsNestedObject, IsText, IsWholeNumber } from '../http/dto-rules';

const oneOf = (values: readonly (string | number)[]) => ({ message: `$property must be one of ${values.join(', ')}` });

export class RegisterPartnerDto {
  @IsEntityId({ optional: true, example: 'mission-locale-cotentin' })
  partnerId?: string;

  @IsText('Mission locale du Cotentin', 200)
  name: string;

  @ApiProperty({ enum: PARTNER_KINDS, description: 'Mission locale (under 26), France Travail, Cap emploi (disability), PLIE, SIAE network, GEIQ...' })
  @IsIn(PARTNER_KINDS, oneOf(PARTNER_KINDS))
  kind: PartnerKind;
}

export class OfferRequirementsDto {
  @ApiProperty({ description: 'a driving licence (B) is needed' })
  @IsBoolean({ message: '$property must be true or false' })
  drivingLicence: boolean;

  @ApiProperty({ description: 'a vehicle of one\'s own is needed to reach the site' })
  @IsBoolean({ message: '$property must be true or false' })
  vehicle: boolean;

  @ApiProperty({ enum: QUALIFICATION_LEVELS, description: 'the lowest qualification level asked for (NONE: open to people without qualification)' })
  @IsIn(QUALIFICATION_LEVELS, oneOf(QUALIFICATION_LEVELS))
  qualificationLevel: QualificationLevel;

  @ApiProperty({ description: 'the job involves physical work (carrying loads, outdoor work)' })
  @IsBoolean({ message: '$property must be true or false' })
  physicalWork: boolean;
}

export class PublishJobOfferDto {
  @IsEntityId({ optional: true })
  offerId?: string;

  @IsEntityId()
  marketId: string;

  @IsEntityId({ example: 'lot-1' })
  lotId: string;

  @IsEntityId({ example: '73282932000074', description: 'the company holding the lot (its SIRET)' })
  companyId: string;

  @IsText('Maçon / maçonne', 200)
  jobTitle: string;

  @ApiProperty({ example: 'F1703', description: 'France Travail\'s ROME code: a letter A to N then 4 digits' })
  @Matches(ROME_CODE_PATTERN, { message: '$property must be a ROME code: a letter A to N then 4 digits, e.g. F1703' })
  romeCode: string;

  @ApiProperty({ enum: CONTRACT_TYPES })
  @IsIn(CONTRACT_TYPES, oneOf(CONTRACT_TYPES))
  contractType: ContractType;

  @ApiProperty({ example: 35, description: 'weekly hours, at most 2 decimals' })
  @IsHundredths('hours', 0.01, 48)
  weeklyHours: number;

  @ApiProperty({ example: 2 })
  @IsWholeNumber('positions', 1, 500)
  positions: number;

  @IsIsoDateString('2026-04-01')
  startDate: string;

  @IsText('Cherbourg-en-Cotentin, chantier des Fourches', 200)
  place: string;

  @IsNestedObject(() => OfferRequirementsDto, { description: 'structured requirements (no free text about the person)' })
  requirements: OfferRequirementsDto;

  @IsIsoDateString('2026-05-31', { description: 'the day the offer lapses if not filled' })
  expiresOn: string;
}

export class ShareJobOfferDto {
  @ApiProperty({ type: [String], example: ['mission-locale-cotentin', 'france-travail-cherbourg'] })
  @IsArray({ message: '$property must be a list of partner ids' })
  @ArrayMinSize(1, { message: '$property must name at least one partner' })
  @ArrayMaxSize(50, { message: '$property must name at most 50 partners' })
  @Matches(ID_PATTERN, { each: true, message: `each of $property ${ID_RULE}` })
  partnerIds: string[];
}

export class ProposeCandidateDto {
  @IsEntityId({ optional: true })
  candidateId?: string;

  @IsEntityId({ optional: true, description: 'the partner proposing the candidate; absent when the facilitator identified the person (repérage)' })
  partnerId?: string;

  @IsEntityId({ optional: true, description: 'the registered beneficiary this candidate is, when there is one' })
  beneficiaryId?: string;

  @ApiProperty({ description: 'lives in a quartier prioritaire de la politique de la ville (QPV)' })
  @IsBoolean({ message: '$property must be true or false' })
  qpvResident: boolean;

  @ApiProperty({ enum: SEXES })
  @IsIn(SEXES, { message: '$property must be F or M' })
  sex: Sex;

  @ApiProperty({ enum: AGE_BANDS, description: 'an age band, never a birth date: candidates are counted, not identified' })
  @IsIn(AGE_BANDS, oneOf(AGE_BANDS))
  ageBand: AgeBand;
}

export class NotRetainCandidateDto {
  @ApiProperty({ enum: NOT_RETAINED_REASONS })
  @IsIn(NOT_RETAINED_REASONS, oneOf(NOT_RETAINED_REASONS))
  reason: NotRetainedReason;
}

export class HireCandidateDto {
  @IsEntityId({ optional: true, description: 'needed when the candidate was proposed without a beneficiary id' })
  beneficiaryId?: string;

  @ApiProperty({ enum: MODALITIES, description: 'how the hours count' })
  @IsIn(MODALITIES, oneOf(MODALITIES))
  modality: Modality;

  @IsIsoDateString('2026-04-01', { optional: true, description: 'the contract start (default: the offer\'s start date)' })
  startDate?: string;

  @IsIsoDateString('2026-09-30')
  plannedEndDate: string;
}
