import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { ORGANISATION_KINDS, OrganisationKind } from '@clause-ledger/domain';
import { ID_PATTERN, ID_RULE, IsEntityId, IsText } from '../http/dto-rules';

export class RegisterOrganisationDto {
  @IsEntityId({ example: 'mef-cotentin', description: 'the id tokens carry in their organisation claim' })
  organisationId: string;

  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS, { message: `$property must be one of ${ORGANISATION_KINDS.join(', ')}` })
  kind: OrganisationKind;

  @IsText('Maison de l\'Emploi et de la Formation du Cotentin')
  name: string;

  @ApiPropertyOptional({ example: '73282932000074', description: 'COMPANY only: the establishment whose lots and placements its staff see' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{14}$/, { message: '$property must be 14 digits' })
  siret?: string;
}

export class GrantAuditScopeDto {
  @ApiProperty({ example: ['mef-cotentin'], description: 'the facilitator organisations the auditor may read (replaces the previous list)' })
  @IsArray({ message: '$property must be a list of organisation ids' })
  @ArrayMaxSize(500)
  @Matches(ID_PATTERN, { each: true, message: `each of $property ${ID_RULE}` })
  facilitatorOrganisationIds: string[];
}
