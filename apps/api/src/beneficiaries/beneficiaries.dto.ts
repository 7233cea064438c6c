import { ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsBoolean, IsIn, IsString, Matches } from 'class-validator';
import {
  ELIGIBILITY_CRITERIA, EligibilityCriterion, PROOF_KINDS, ProofKind, QUALIFICATION_LEVELS, QualificationLevel, SEXES, Sex,
} from '@clause-ledger/domain';
import { BIRTH_DATES, IsEntityId, IsIsoDateString, IsNestedObject, IsText } from '../http/dto-rules';

export class RegisterBeneficiaryDto {
  @IsEntityId({ optional: true })
  beneficiaryId?: string;

  @IsText('Amina', 100)
  firstName: string;

  @IsText('Diallo', 100)
  lastName: string;

  @IsIsoDateString('2003-04-12', { range: BIRTH_DATES })
  birthDate: string;

  @ApiProperty({ enum: SEXES })
  @IsIn(SEXES, { message: '$property must be F or M' })
  sex: Sex;

  @ApiProperty({ example: '50100' })
  @IsString()
  @Matches(/^\d{5}$/, { message: '$property must be a 5-digit French postcode' })
  postcode: string;

  @ApiProperty({ description: 'lives in a priority neighbourhood (QPV)' })
  @IsBoolean({ message: '$property must be true or false' })
  qpvResident: boolean;

  @ApiProperty({ enum: QUALIFICATION_LEVELS, description: 'NONE (below CAP/BEP), 3 (CAP/BEP) ... 8' })
  @IsIn(QUALIFICATION_LEVELS, { message: `$property must be one of ${QUALIFICATION_LEVELS.join(', ')}` })
  qualificationLevel: QualificationLevel;
}

export class PrescriberOpinionDto {
  @IsText('Mission locale du Cotentin', 200)
  prescriber: string;

  @IsText('Jeune sans solution depuis 8 mois, accompagnement renforcé', 1000, false, 'paragraphs')
  summary: string;
}

export class ValidateEligibilityDto {
  @ApiProperty({ enum: ELIGIBILITY_CRITERIA, isArray: true })
  @IsArray()
  @ArrayMinSize(1, { message: '$property needs at least one criterion' })
  @IsIn(ELIGIBILITY_CRITERIA, { each: true, message: `$property must only contain ${ELIGIBILITY_CRITERIA.join(', ')}` })
  criteria: EligibilityCriterion[];

  @IsIsoDateString('2026-02-02')
  validatedOn: string;

  @IsIsoDateString('2026-08-02', { optional: true, description: 'defaults to validatedOn + the configured validity (6 months)' })
  validUntil?: string;

  @IsText('facilitatrice MEF du Cotentin (C. Lefèvre)', 200)
  validatedBy: string;

  @ApiProperty({ enum: PROOF_KINDS, isArray: true, description: 'the kinds of proof seen; the proof itself is never stored' })
  @IsArray()
  @ArrayMinSize(1, { message: '$property must name at least one kind of proof seen' })
  @IsIn(PROOF_KINDS, { each: true, message: `$property must only contain ${PROOF_KINDS.join(', ')}` })
  proofKinds: ProofKind[];

  @IsNestedObject(() => PrescriberOpinionDto, { optional: true })
  prescriberOpinion?: PrescriberOpinionDto;
}

export class EraseBeneficiaryDto {
  @IsText('demande de la personne (RGPD art. 17)', 500)
  reason: string;
}
