import { stringify } from 'csv-stringify/sync';

/**
 * One row per figure: its path in the bilan, its value and the ids of the events it sums, so that
 * an auditor can check each one against the log. Semicolon-separated with a BOM, as French
 * spreadsheets expect.
 */
export function figuresCsv(document: object): string {
  const rows: string[][] = [];
  walk(document, '', rows);
  return `\uFEFF${stringify([['figure', 'value', 'event_ids'], ...rows], { delimiter: ';' })}`;
}

function walk(node: unknown, path: string, rows: string[][]): void {
  if (node === null || node === undefined) return;
  if (typeof node === 'number') {
    rows.push([path, String(node), '']);
    return;
  }
  if (typeof node !== 'object' || Array.isArray(node) && node.every((v) => typeof v !== 'object')) return;
  const record = node as Record<string, unknown>;
  if (typeof record.value === 'number' && Array.isArray(record.eventIds)) {
    rows.push([path, String(record.value), (record.eventIds as string[]).join(' ')]);
    return;
  }
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, `${path}[${(item as { lotId?: string }).lotId ?? i}]`, rows));
    return;
  }
  for (const [key, value] of Object.entries(record)) walk(value, path ? `${path}.${key}` : key, rows);
}
