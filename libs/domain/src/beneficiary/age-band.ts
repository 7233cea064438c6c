import { ageOn } from '../shared/dates';

export const AGE_BANDS = ['UNDER_26', 'FROM_26_TO_49', 'FROM_50'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** The bands the bilans count (moins de 26 ans, 26 à 49 ans, 50 ans et plus). */
export function ageBandOn(birthDate: string, date: string): AgeBand {
  const age = ageOn(birthDate, date);
  if (age < 26) return 'UNDER_26';
  return age < 50 ? 'FROM_26_TO_49' : 'FROM_50';
}
