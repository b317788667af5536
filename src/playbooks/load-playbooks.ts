// Reads playbooks/*.yml: each file is parsed and validated on its own, so one broken file is reported
// (file, line, field, fix) and the others still load.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { checkPlaybookReferences } from './check-playbook-references.ts';
import { type Playbook, playbookSchema } from './playbook-schema.ts';

/** The playbooks shipped with vigil (the package's playbooks/ folder, in the source tree and in dist/). */
export const SHIPPED_PLAYBOOKS_DIR = fileURLToPath(new URL('../../playbooks/', import.meta.url));

/** What loaded and what did not. */
export interface LoadedPlaybooks {
  playbooks: Playbook[];
  /** One line per problem: `playbooks/x.yml:12: steps.2.sql: ... Fix ...`. */
  problems: string[];
}

/** Loads every .yml/.yaml file in `dir`, sorted by id; a duplicate id keeps the first file. */
export function loadPlaybooks(dir: string = SHIPPED_PLAYBOOKS_DIR): LoadedPlaybooks {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
  } catch (err) {
    return {
      playbooks: [],
      problems: [
        `${dir}: cannot be read (${(err as NodeJS.ErrnoException).code}). Create the folder or point the playbooks directory at it.`,
      ],
    };
  }
  const playbooks: Playbook[] = [];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const path = join(dir, file);
    const result = parsePlaybookText(readFileSync(path, 'utf8'), displayPath(dir, file));
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    const first = seen.get(result.playbook.id);
    if (first) {
      problems.push(
        `${displayPath(dir, file)}: id '${result.playbook.id}' is already used by ${first}. Give each playbook its own id.`,
      );
      continue;
    }
    seen.set(result.playbook.id, displayPath(dir, file));
    playbooks.push(result.playbook);
  }
  playbooks.sort((a, b) => a.id.localeCompare(b.id));
  return { playbooks, problems };
}

/** Parses and validates one playbook's YAML text; `where` names the file in problems. */
export function parsePlaybookText(
  text: string,
  where: string,
): { ok: true; playbook: Playbook } | { ok: false; problems: string[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map(
        (e) =>
          `${where}:${lines.linePos(e.pos[0]).line}: invalid YAML: ${e.message.split('\n')[0]}. Fix the syntax at that line.`,
      ),
    };
  }
  const parsed = playbookSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success)
    return { ok: false, problems: parsed.error.issues.map((issue) => describeIssue(where, issue, doc, lines)) };
  const refs = checkPlaybookReferences(parsed.data);
  if (refs.length > 0) {
    return {
      ok: false,
      problems: refs.map((r) => `${where}${lineSuffix(lineOf(doc, lines, r.path))}: ${r.path.join('.')}: ${r.message}`),
    };
  }
  if (basename(where).replace(/\.ya?ml$/, '') !== parsed.data.id) {
    return {
      ok: false,
      problems: [
        `${where}${lineSuffix(lineOf(doc, lines, ['id']))}: id: '${parsed.data.id}' does not match the file name. Name the file ${parsed.data.id}.yml.`,
      ],
    };
  }
  return { ok: true, playbook: parsed.data };
}

function displayPath(dir: string, file: string): string {
  return dir === SHIPPED_PLAYBOOKS_DIR ? `playbooks/${file}` : join(dir, file);
}

function lineSuffix(line: number | undefined): string {
  return line ? `:${line}` : '';
}

function describeIssue(
  where: string,
  issue: z.core.$ZodIssue,
  doc: ReturnType<typeof parseDocument>,
  lines: LineCounter,
): string {
  const keys = issue.path.map(String);
  const unknown = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const at = lineSuffix(lineOf(doc, lines, unknown.length > 0 ? [...keys, unknown[0]!] : keys));
  const field = keys.join('.') || '(top level)';
  if (unknown.length > 0)
    return `${where}${at}: unknown field ${unknown.map((k) => `'${[...keys, k].join('.')}'`).join(', ')}. Remove it or check its spelling.`;
  return `${where}${at}: ${field}: ${issue.message}.`;
}

// The line of the deepest part of `path` present in the document (map keys and sequence items).
function lineOf(
  doc: ReturnType<typeof parseDocument>,
  lines: LineCounter,
  path: readonly (string | number)[],
): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
    const last = path[n - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(last));
      if (pair && isNode(pair.key) && pair.key.range) return lines.linePos(pair.key.range[0]).line;
    } else if (isSeq(parent)) {
      const item = parent.items[Number(last)];
      if (isNode(item) && item.range) return lines.linePos(item.range[0]).line;
    }
  }
  return undefined;
}
