// Builds an RcaInput from a parsed CSV and the columns naming its dimensions and measure.
import { VigilError } from '../errors.ts';
import type { CsvTable } from './parse-csv.ts';
import type { RcaInput } from './rca-types.ts';

/** Which columns hold what: the dimensions, and either actual/expected or the four ratio columns. */
export interface RcaColumns {
  dims: string[];
  actual?: string;
  expected?: string;
  num?: string;
  den?: string;
  expectedNum?: string;
  expectedDen?: string;
}

const ADDITIVE = ['actual', 'expected'] as const;
const RATIO = ['num', 'den', 'expectedNum', 'expectedDen'] as const;
const FLAG: Record<string, string> = {
  actual: '--actual',
  expected: '--expected',
  num: '--num',
  den: '--den',
  expectedNum: '--expected-num',
  expectedDen: '--expected-den',
};

function measureKind(cols: RcaColumns): 'additive' | 'ratio' {
  const additive = ADDITIVE.filter((k) => cols[k] !== undefined);
  const ratio = RATIO.filter((k) => cols[k] !== undefined);
  const both =
    'Give either --actual and --expected (an additive measure such as orders) or --num, --den, --expected-num and --expected-den (a rate such as refunds / orders), not both.';
  if (additive.length > 0 && ratio.length > 0)
    throw new VigilError(
      'vigil_rca_measure_conflict',
      `both additive (${additive.map((k) => FLAG[k]).join(', ')}) and ratio (${ratio.map((k) => FLAG[k]).join(', ')}) measure options are set.`,
      both,
    );
  if (additive.length === 2) return 'additive';
  if (ratio.length === 4) return 'ratio';
  const given = [...additive, ...ratio];
  const missing = (given.length === 0 || additive.length > 0 ? ADDITIVE : RATIO).filter((k) => cols[k] === undefined);
  throw new VigilError(
    'vigil_rca_measure_missing',
    given.length === 0
      ? 'no measure columns are given.'
      : `the measure is incomplete: ${missing.map((k) => FLAG[k]).join(', ')} missing.`,
    both,
  );
}

/** Reads `table` (from `source`, named in errors) into an RcaInput; leaves repeated on several rows are summed. */
export function rcaInputFromCsv(table: CsvTable, cols: RcaColumns, source: string): RcaInput {
  const kind = measureKind(cols);
  if (cols.dims.length === 0)
    throw new VigilError(
      'vigil_rca_no_dims',
      'no dimensions are given.',
      'Name the dimension columns with --dims, e.g. --dims city,category.',
    );
  const column = (name: string, flag: string): number => {
    const at = table.header.indexOf(name);
    if (at < 0) {
      throw new VigilError(
        'vigil_rca_unknown_column',
        `${source} line 1: ${flag} names the column "${name}", which the header does not have.`,
        `Use one of the header's columns: ${table.header.join(', ')}.`,
      );
    }
    return at;
  };
  const dimAt = cols.dims.map((d) => column(d, '--dims'));
  const measures = (kind === 'additive' ? ADDITIVE : RATIO) as ReadonlyArray<keyof RcaColumns>;
  const measureAt = measures.map((k) => column(cols[k] as string, FLAG[k]!));
  const leaves = new Map<string, { values: string[]; sums: number[] }>();
  table.rows.forEach((row, r) => {
    const line = table.lines[r]!;
    if (row.length !== table.header.length) {
      throw new VigilError(
        'vigil_rca_bad_row',
        `${source} line ${line}: ${row.length} fields where the header has ${table.header.length}.`,
        'Give every row one field per header column; quote fields that contain commas ("a, b").',
      );
    }
    const values = dimAt.map((i) => row[i]!.trim());
    const numbers = measureAt.map((i, m) => {
      const raw = row[i]!.trim();
      const x = Number(raw);
      if (raw === '' || !Number.isFinite(x)) {
        const name = cols[measures[m]!] as string;
        throw new VigilError(
          'vigil_rca_bad_number',
          `${source} line ${line}: the ${name} "${raw}" is not a number.`,
          `Give every row a plain number in the ${name} column (e.g. 12.5); write 0 where there was nothing.`,
        );
      }
      return x;
    });
    const key = values.join('\u0000');
    const leaf = leaves.get(key);
    if (leaf) numbers.forEach((x, m) => (leaf.sums[m]! += x));
    else leaves.set(key, { values, sums: numbers });
  });
  const all = [...leaves.values()];
  if (kind === 'additive') {
    return {
      dims: cols.dims,
      measure: { kind },
      leaves: all.map((l) => ({ values: l.values, actual: l.sums[0]!, expected: l.sums[1]! })),
    };
  }
  return {
    dims: cols.dims,
    measure: { kind },
    leaves: all.map((l) => ({
      values: l.values,
      num: l.sums[0]!,
      den: l.sums[1]!,
      expectedNum: l.sums[2]!,
      expectedDen: l.sums[3]!,
    })),
  };
}
