/** French formatting for what buyers read: "1 832,85 h", "15 juin 2026". */
const hoursFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

// Intl uses narrow no-break spaces as group separators: keep them, they read well in mail and PDF
export const h = (hours: number): string => `${hoursFormat.format(hours)} h`;

export function frenchDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${d === 1 ? '1er' : d} ${MONTHS[m - 1]} ${y}`;
}

export function frenchMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${MONTHS[m - 1]} ${y}`;
}

export const percent = (value: number): string => `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(value)} %`;
