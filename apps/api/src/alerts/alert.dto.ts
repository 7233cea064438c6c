import { IsIsoDateString, IsText } from '../http/dto-rules';

export class TickClockDto {
  @IsIsoDateString('2026-06-15', { description: 'the date the alert rules are evaluated at: today at most, and not before the clock\'s last tick' })
  date: string;
}

export class AcknowledgeAlertDto {
  @IsText('C. Lefèvre, MEF du Cotentin', 200)
  acknowledgedBy: string;

  @IsText('Point fait avec l\'entreprise le 3 avril : deux recrutements prévus en mai.', 2000, true, 'paragraphs')
  note?: string;
}
