// A small RFC 4180 CSV reader: quoted fields, doubled quotes, commas and newlines inside quotes, CRLF, BOM.
import { VigilError } from '../errors.ts';

/** A parsed CSV: the header cells and the records, each with the line it starts on (1-based). */
export interface CsvTable {
  header: string[];
  rows: string[][];
  lines: number[];
}

/** Parses `text` read from `source` (named in errors); blank lines are skipped. */
export function parseCsv(text: string, source: string): CsvTable {
  const records: string[][] = [];
  const lines: number[] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = (): void => {
    record.push(field);
    if (record.length > 1 || record[0]!.trim() !== '') {
      records.push(record);
      lines.push(recordLine);
    }
    record = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (quoted) {
    throw new VigilError(
      'vigil_rca_csv_unclosed_quote',
      `${source} line ${recordLine}: a quoted field is never closed.`,
      'Close every opening double quote; write a quote inside a quoted field as two quotes ("").',
    );
  }
  if (field !== '' || record.length > 0) endRecord();
  if (records.length === 0) {
    throw new VigilError(
      'vigil_rca_csv_empty',
      `${source} is empty.`,
      'Give the CSV a header row and one row per leaf below it.',
    );
  }
  return { header: records[0]!.map((h) => h.trim()), rows: records.slice(1), lines: lines.slice(1) };
}
