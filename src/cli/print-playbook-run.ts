// How `vigil playbook run` prints a run for a terminal: each step's status, its findings and a few rows.
import { formatInUnit, formatNumber } from '../blocks/format-number.ts';
import { describeRunParams, describeRunWindow } from '../blocks/render-playbook-window.ts';
import type { PlaybookRunResult, StepOutcome } from '../playbooks/run-types.ts';

const ROWS_SHOWN = 10;

/** The lines to print; a dry run prints the SQL each step would run, with its parameters. */
export function printPlaybookRun(run: PlaybookRunResult, runId: number | null): string[] {
  const timezone = run.timezone ?? 'UTC';
  const window = describeRunWindow(run, timezone);
  const params = describeRunParams(run, timezone);
  const out = [
    `${run.title} (${run.id})${run.dryRun ? ' — dry run, nothing was queried' : ''}`,
    ...(window ? [window] : []),
    ...(params ? [`params: ${params}`] : []),
    '',
  ];
  run.steps.forEach((s, i) => {
    const mark = run.dryRun ? '·' : s.skipped ? '-' : s.ok ? '✓' : '✗';
    out.push(
      `${mark} ${i + 1}/${run.steps.length} ${s.id} (${s.kind}): ${s.title}${run.dryRun ? '' : ` — ${s.rows} rows, ${Math.round(s.ms)} ms`}`,
    );
    if (run.dryRun) {
      for (const sql of s.sql)
        out.push(
          ...indent([
            `-- ${sql.label ?? 'sql'}; parameters: ${JSON.stringify(sql.params)}`,
            ...sql.sql.trim().split('\n'),
          ]),
          '',
        );
      return;
    }
    if (s.error) out.push(`    ${s.error.message}`, `    fix: ${s.error.hint} (${s.error.code})`);
    for (const f of s.findings) out.push(`    → ${f}`);
    if (s.causes && s.causes.length > 0) {
      out.push(
        ...indent(
          table(
            ['#', 'cause', 'baseline', 'current', 'change', 'of change', 'of baseline'],
            s.causes.map((c, k) => [
              String(k + 1),
              Object.entries(c.elements)
                .map(([d, v]) => `${d}=${v}`)
                .join(' & '),
              formatInUnit(c.baseline, s.unit),
              formatInUnit(c.current, s.unit),
              formatInUnit(c.change, s.unit),
              formatNumber(c.contribution, 'pct'),
              formatNumber(c.baselineShare, 'pct'),
            ]),
          ),
        ),
      );
    } else if (s.data.length > 0 && (s.showRows ?? 0) > 0) {
      out.push(...indent(rowsTable(s)));
    }
    if (s.text && (s.kind === 'summarize' || s.kind === 'conclusion')) out.push(...indent([s.text]));
  });
  if (run.conclusion) out.push('', `Conclusion: ${run.conclusion.text}`);
  out.push(
    '',
    run.dryRun
      ? 'Dry run: nothing was stored.'
      : `${run.ok ? 'Done' : 'Finished with failed steps'}${runId !== null ? `; stored as run ${runId}` : ''}.`,
  );
  return out;
}

function rowsTable(s: StepOutcome): string[] {
  const shown = s.data.slice(0, Math.min(ROWS_SHOWN, s.showRows ?? ROWS_SHOWN));
  const cells = shown.map((r) => s.columns.map((c) => cell(r[c])));
  const more = s.data.length > shown.length ? [`(${shown.length} of ${s.rows} rows)`] : [];
  return [...table(s.columns, cells), ...more];
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().replace(':00.000Z', 'Z');
  if (typeof v === 'number') return formatNumber(v, Number.isInteger(v) ? 'int' : 'num');
  const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** Columns padded to their widest cell. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function indent(lines: string[]): string[] {
  return lines.map((l) => `    ${l}`);
}
