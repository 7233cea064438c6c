import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { COMPANY_KINDS, CompanyKind } from '@clause-ledger/domain';
import { IsText } from '../http/dto-rules';

export class RegisterCompanyDto {
  @ApiProperty({ example: '73282932000074', description: '14 digits, Luhn checksum; becomes the company id' })
  @IsString()
  @Matches(/^\d{14}$/, { message: '$property must be 14 digits' })
  siret: string;

  @IsText('Bâtiments du Cotentin SAS')
  name: string;

  @ApiProperty({ example: '50100' })
  @IsString()
  @Matches(/^\d{5}$/, { message: '$property must be a 5-digit French postcode' })
  postcode: string;

  @ApiProperty({ enum: COMPANY_KINDS, description: 'SIAE (AI, ACI, EI, EITI, ETTI), disability sector (EA, EATT, ESAT), GEIQ, OPCS or ORDINARY' })
  @IsIn(COMPANY_KINDS, { message: `$property must be one of ${COMPANY_KINDS.join(', ')}` })
  kind: CompanyKind;
}
