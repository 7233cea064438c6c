import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { COMPANY_SUPPORT_KINDS, CompanySupportKind, PARTICIPANT_KINDS, PROMOTION_KINDS, ParticipantKind, PromotionKind } from '@clause-ledger/domain';
import { IsEntityId, IsIsoDateString, IsNestedObjectList, IsText } from '../http/dto-rules';

export class LogCompanySupportDto {
  @IsEntityId({ optional: true })
  actionId?: string;

  @ApiProperty({ enum: COMPANY_SUPPORT_KINDS })
  @IsIn(COMPANY_SUPPORT_KINDS, { message: `$property must be one of ${COMPANY_SUPPORT_KINDS.join(', ')}` })
  kind: CompanySupportKind;

  @IsIsoDateString('2026-03-02')
  date: string;

  @ApiProperty({ example: ['73282932000074'], description: 'SIRET of each company supported' })
  @IsArray()
  @ArrayMinSize(1, { message: '$property needs at least one company' })
  @ArrayMaxSize(200)
  @Matches(/^\d{14}$/, { each: true, message: '$property must only contain 14-digit SIRETs' })
  companyIds: string[];

  @IsEntityId({ optional: true, description: 'the market the action is about, if any' })
  marketId?: string;

  @IsText('information sur les aides à l\'embauche et le contrat de professionnalisation', 2000)
  summary: string;
}

export class AttendeesDto {
  @ApiProperty({ enum: PARTICIPANT_KINDS })
  @IsIn(PARTICIPANT_KINDS, { message: `$property must be one of ${PARTICIPANT_KINDS.join(', ')}` })
  kind: ParticipantKind;

  @ApiProperty({ example: 6 })
  @IsInt({ message: '$property must be a whole number' })
  @Min(1, { message: '$property must be at least 1' })
  @Max(100_000)
  count: number;
}

export class LogPromotionDto {
  @IsEntityId({ optional: true })
  actionId?: string;

  @ApiProperty({ enum: PROMOTION_KINDS })
  @IsIn(PROMOTION_KINDS, { message: `$property must be one of ${PROMOTION_KINDS.join(', ')}` })
  kind: PromotionKind;

  @IsIsoDateString('2026-03-10')
  date: string;

  @IsText('Réunion des acteurs de la clause sociale du Cotentin', 300)
  title: string;

  @ApiProperty({ type: [AttendeesDto] })
  @IsArray()
  @ArrayMinSize(1, { message: '$property needs at least one kind of attendee' })
  @ArrayMaxSize(20)
  @IsNestedObjectList(() => AttendeesDto)
  attendees: AttendeesDto[];
}
