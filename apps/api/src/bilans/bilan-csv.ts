import { stringify } from 'csv-stringify/sync';

/** A row of the figures CSV: a figure's path in the document, its value and the events it sums. */
export interface FigureRow {
  readonly path: string;
  readonly value: string;
  readonly eventIds?: readonly string[];
}

export const CSV_OPTIONS = { delimiter: ';' };
export const CSV_HEADER = ['figure', 'value', 'event_ids'];

/**
 * One row per figure: its path in the bilan, its value and the ids of the events it sums, so that
 * an auditor can check each one against the log. Semicolon-separated with a BOM, as French
 * spreadsheets expect.
 */
export function figuresCsv(document: object): string {
  const rows = figureRows(document).map((r) => [r.path, r.value, r.eventIds?.join(' ') ?? '']);
  return `\uFEFF${stringify([CSV_HEADER, ...rows], CSV_OPTIONS)}`;
}

export function figureRows(document: object): FigureRow[] {
  const rows: FigureRow[] = [];
  walk(document, '', rows);
  return rows;
}

function walk(node: unknown, path: string, rows: FigureRow[]): void {
  if (node === null || node === undefined) return;
  if (typeof node === 'number') {
    rows.push({ path, value: String(node) });
    return;
  }
  if (typeof node !== 'object' || Array.isArray(node) && node.every((v) => typeof v !== 'object')) return;
  const record = node as Record<string, unknown>;
  if (typeof record.value === 'number' && Array.isArray(record.eventIds)) {
    rows.push({ path, value: String(record.value), eventIds: record.eventIds as string[] });
    return;
  }
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, `${path}[${(item as { lotId?: string }).lotId ?? i}]`, rows));
    return;
  }
  for (const [key, value] of Object.entries(record)) walk(value, path ? `${path}.${key}` : key, rows);
}
