import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsText, ISO_DATE_PATTERN } from '../http/dto-rules';

export class TickClockDto {
  @ApiProperty({ example: '2026-06-15', description: 'the date the alert rules are evaluated at (today at most)' })
  @IsString()
  @Matches(ISO_DATE_PATTERN, { message: '$property must be a date YYYY-MM-DD' })
  date: string;
}

export class AcknowledgeAlertDto {
  @IsText('C. Lefèvre, MEF du Cotentin', 200)
  acknowledgedBy: string;

  @ApiPropertyOptional({ example: 'Point fait avec l\'entreprise le 3 avril : deux recrutements prévus en mai.' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}
