import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { IsText } from '../http/dto-rules';

export class AwardBadgeDto {
  @ApiProperty({ enum: ['BUYER', 'COMPANY'], description: 'the buyer of the market, or one of its companies' })
  @IsIn(['BUYER', 'COMPANY'], { message: '$property must be BUYER or COMPANY' })
  recipient: 'BUYER' | 'COMPANY';

  @ApiPropertyOptional({ example: '73282932000074', description: 'required when recipient is COMPANY' })
  @ValidateIf((d: AwardBadgeDto) => d.recipient === 'COMPANY')
  @IsString({ message: '$property is required for a company badge' })
  @Matches(/^\d{14}$/, { message: '$property must be the company\'s SIRET (14 digits)' })
  companyId?: string;
}

export class RevokeBadgeDto {
  @IsText('bilan rectifié : objectif non atteint sur le lot 2', 1000, false, 'paragraphs')
  reason: string;
}

export class VerifyBadgeDto {
  @ApiProperty({ description: 'the credential as issued (VC-JWT)' })
  @IsString()
  @Length(20, 100_000)
  credentialJwt: string;
}
