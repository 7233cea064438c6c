import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
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

export class LinkMemberDto {
  @IsEntityId({ example: 'agent-dupont', description: 'the id this link is known by (DELETE .../members/{memberId})' })
  memberId: string;

  @IsText('https://auth.agentconnect.gouv.fr/api/v2', 300)
  @Matches(/^\S+$/, { message: '$property must be the issuer exactly as in the tokens\' iss claim, without spaces' })
  issuer: string;

  @ApiPropertyOptional({ example: 'f6e1c0d2-4b1f-4c7e-9f0a-2d5b8e7a1c33', description: 'the user\'s subject (sub) at its issuer; give this or email' })
  @IsOptional()
  @IsString()
  @Matches(/^\S{1,255}$/, { message: '$property must be 1 to 255 characters without spaces' })
  subject?: string;

  @ApiPropertyOptional({ example: 'claire.dupont@manche.gouv.fr', description: 'the user\'s e-mail claim (case-insensitive); give this or subject' })
  @IsOptional()
  @IsEmail({}, { message: '$property must be an e-mail address' })
  @MaxLength(254)
  email?: string;

  @ApiProperty({ enum: ORGANISATION_KINDS, description: 'the organisation\'s kind: a link gives its member that role' })
  @IsIn(ORGANISATION_KINDS, { message: `$property must be one of ${ORGANISATION_KINDS.join(', ')}` })
  role: OrganisationKind;
}
