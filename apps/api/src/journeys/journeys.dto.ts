import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';
import { CONTACT_PARTIES, ContactParty } from '@clause-ledger/domain';
import { IsEntityId, IsIsoDateString, IsNestedObject, IsText } from '../http/dto-rules';

const yesNo = { message: '$property must be true or false' };

export class AssignReferentDto {
  @IsText('Mme Durand, conseillère', 200)
  referentName: string;

  @IsEntityId({ example: 'mission-locale-cotentin', description: 'the partner the counsellor works at' })
  partnerId: string;
}

/** Freins périphériques as yes/no only: never a detail, never a diagnosis. */
export class PeripheralBarriersDto {
  @ApiProperty() @IsBoolean(yesNo) mobility: boolean;
  @ApiProperty() @IsBoolean(yesNo) childcare: boolean;
  @ApiProperty() @IsBoolean(yesNo) housing: boolean;
  @ApiProperty({ description: 'yes/no only: never describe a health condition anywhere' }) @IsBoolean(yesNo) health: boolean;
}

export class RecordContactDto {
  @IsEntityId({ description: 'the contract the contact is about' })
  placementId: string;

  @IsIsoDateString('2026-04-15')
  contactDate: string;

  @ApiProperty({ enum: CONTACT_PARTIES })
  @IsIn(CONTACT_PARTIES, { message: `$property must be one of ${CONTACT_PARTIES.join(', ')}` })
  withWhom: ContactParty;

  /**
   * The note is read by other facilitators for years: health (GDPR art. 9) and judicial (art. 10)
   * details have no place in it. Barriers go in the yes/no fields.
   */
  @IsText('Point à 1 mois : intégration dans l\'équipe, horaires tenus.', 500, false, 'paragraphs')
  @ApiProperty({
    maxLength: 500,
    description: 'a short, factual note about the job. MUST NOT contain any health detail (illness, disability, treatment, RQTH) or judicial detail (conviction, probation, court order): use the yes/no `barriers` fields for peripheral barriers.',
  })
  note: string;

  @IsText('CACES R482 (engins de chantier)', 200, true)
  trainingMobilised?: string;

  @IsNestedObject(() => PeripheralBarriersDto, { optional: true, description: 'peripheral barriers (freins périphériques) as yes/no, nothing more' })
  barriers?: PeripheralBarriersDto;
}
