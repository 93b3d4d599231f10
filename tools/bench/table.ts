/** The figures as a plain-text table: values in their unit, the ratio, the target and whether it is met. */
import type { Figure, Unit } from './report.js';

export function formatValue(value: number | undefined, unit: Unit): string {
  if (value === undefined || Number.isNaN(value)) return '—';
  if (unit === 'events') return String(Math.round(value));
  if (unit === 'bytes') {
    const abs = Math.abs(value);
    if (abs >= 1024 ** 3) return `${(value / 1024 ** 3).toFixed(2)} GiB`;
    if (abs >= 1024 ** 2) return `${(value / 1024 ** 2).toFixed(1)} MiB`;
    return `${(value / 1024).toFixed(1)} KiB`;
  }
  const abs = Math.abs(value);
  if (abs >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (abs >= 1_000) return `${(value / 1000).toFixed(2)} s`;
  return `${abs >= 10 ? Math.round(value) : value.toFixed(1)} ms`;
}

export function table(rows: Figure[]): string {
  const cells = rows.map((r) => [
    r.label,
    formatValue(r.project, r.unit),
    formatValue(r.floor, r.unit),
    r.ratio === undefined ? '—' : `${r.ratio >= 10 ? Math.round(r.ratio) : r.ratio.toFixed(2)}x`,
    r.target ?? '',
    r.meets === undefined ? '' : r.meets ? 'yes' : 'NO',
    r.note ?? '',
  ]);
  const head = ['figure', 'project', 'floor', 'ratio', 'target', 'met', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((cell, i) => (i >= 1 && i <= 3 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
