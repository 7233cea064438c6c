import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import {
  CONTRACT_TYPES, ContractType, FOLLOW_UP_MILESTONES, FOLLOW_UP_SITUATIONS, FollowUpMilestone, FollowUpSituation, HOURS_SOURCES, HoursSource, MODALITIES, Modality, PLACEMENT_END_REASONS, PlacementEndReason,
} from '@clause-ledger/domain';
import { IsEntityId, IsHundredths, IsIsoDateString, IsIsoMonthString, IsText } from '../http/dto-rules';

export class PlaceBeneficiaryDto {
  @IsEntityId({ optional: true })
  placementId?: string;

  @IsEntityId()
  marketId: string;

  @IsEntityId({ example: 'lot-1' })
  lotId: string;

  @IsEntityId({ example: '73282932000074', description: 'the company holding the lot (its SIRET)' })
  companyId: string;

  @IsEntityId()
  beneficiaryId: string;

  @ApiProperty({ enum: MODALITIES, description: 'how the hours count' })
  @IsIn(MODALITIES, { message: `$property must be one of ${MODALITIES.join(', ')}` })
  modality: Modality;

  @ApiProperty({ enum: CONTRACT_TYPES })
  @IsIn(CONTRACT_TYPES, { message: `$property must be one of ${CONTRACT_TYPES.join(', ')}` })
  contractType: ContractType;

  @IsIsoDateString('2026-03-02')
  startDate: string;

  @IsIsoDateString('2026-08-31')
  plannedEndDate: string;
}

/** 31 days × 24 h: no month holds more, whatever the legal maximum configured. */
const HOURS_IN_A_MONTH = 744;
const HOURS_RULES = [
  ApiProperty({ example: 151.67, description: 'hours in the month, at most 2 decimals' }),
  IsHundredths('hours', 0, HOURS_IN_A_MONTH),
];
const SOURCE_RULES = [
  ApiProperty({ enum: HOURS_SOURCES, description: 'the document the hours come from' }),
  IsIn(HOURS_SOURCES, { message: `$property must be one of ${HOURS_SOURCES.join(', ')}` }),
];
const apply = (rules: PropertyDecorator[]): PropertyDecorator => (target, key) => rules.forEach((rule) => rule(target, key));

export class DeclareHoursDto {
  @IsIsoMonthString('2026-03')
  month: string;

  @apply(HOURS_RULES)
  hours: number;

  @apply(SOURCE_RULES)
  source: HoursSource;
}

export class CorrectHoursDto {
  @apply(HOURS_RULES)
  hours: number;

  @apply(SOURCE_RULES)
  source: HoursSource;

  @IsText('bulletin de paie rectificatif de mars', 1000, false, 'paragraphs')
  reason: string;
}

export class RecordFollowUpDto {
  @ApiProperty({ enum: FOLLOW_UP_MILESTONES, description: 'months after the contract ended' })
  @IsIn(FOLLOW_UP_MILESTONES, { message: '$property must be 6 or 12' })
  milestone: FollowUpMilestone;

  @ApiProperty({ enum: FOLLOW_UP_SITUATIONS })
  @IsIn(FOLLOW_UP_SITUATIONS, { message: `$property must be one of ${FOLLOW_UP_SITUATIONS.join(', ')}` })
  situation: FollowUpSituation;
}

export class EndPlacementDto {
  @IsIsoDateString('2026-08-28')
  endDate: string;

  @ApiProperty({ enum: PLACEMENT_END_REASONS })
  @IsIn(PLACEMENT_END_REASONS, { message: `$property must be one of ${PLACEMENT_END_REASONS.join(', ')}` })
  reason: PlacementEndReason;
}
