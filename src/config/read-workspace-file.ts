// Reads vigil.yml and validates it, reporting each problem with its key and line.
import { existsSync, readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isNode, isScalar, isSeq } from 'yaml';
import type { z } from 'zod';
import { workspaceSchema, type Workspace } from './workspace-schema.ts';

/** The workspace configuration, or the problems that stop it loading. */
export type WorkspaceResult = { ok: true; workspace: Workspace; source: string } | { ok: false; problems: string[] };

/** Loads `path`; a missing file is fine only when it is the default path (embedded defaults apply). */
export function readWorkspaceFile(path: string, isDefaultPath: boolean): WorkspaceResult {
  if (!existsSync(path)) {
    if (isDefaultPath) return { ok: true, workspace: workspaceSchema.parse({}), source: 'built-in defaults' };
    return {
      ok: false,
      problems: [
        `VIGIL_CONFIG: ${path} does not exist. Point VIGIL_CONFIG at your vigil.yml, or unset it to use ./vigil.yml.`,
      ],
    };
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return {
      ok: false,
      problems: [`${path}: cannot be read (${(err as NodeJS.ErrnoException).code}). Check the file's permissions.`],
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map(
        (e) =>
          `${path}:${lineCounter.linePos(e.pos[0]).line}: invalid YAML: ${e.message.split('\n')[0]}. Fix the syntax at that line.`,
      ),
    };
  }
  const parsed = workspaceSchema.safeParse(doc.toJS() ?? {});
  if (parsed.success) return { ok: true, workspace: parsed.data, source: path };
  return { ok: false, problems: parsed.error.issues.map((issue) => describeIssue(path, issue, doc, lineCounter)) };
}

function describeIssue(
  path: string,
  issue: z.core.$ZodIssue,
  doc: ReturnType<typeof parseDocument>,
  lines: LineCounter,
): string {
  const keys = issue.path.map(String);
  const unknown = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const at = unknown.length > 0 ? [...keys, unknown[0]!] : keys;
  const line = lineOf(doc, lines, at);
  const where = `${path}${line ? `:${line}` : ''}`;
  const key = keys.join('.') || '(top level)';
  if (unknown.length > 0)
    return `${where}: unknown key ${unknown.map((k) => `'${[...keys, k].join('.')}'`).join(', ')}. Remove it or check its spelling.`;
  return `${where}: ${key}: ${issue.message}.`;
}

// The line of the deepest key of `keys` present in the document (the key itself, not its value; a list item itself).
function lineOf(doc: ReturnType<typeof parseDocument>, lines: LineCounter, keys: string[]): number | undefined {
  for (let n = keys.length; n > 0; n--) {
    const parent = n === 1 ? doc.contents : doc.getIn(keys.slice(0, n - 1), true);
    if (isSeq(parent)) {
      const item = parent.items[Number(keys[n - 1])];
      if (isNode(item) && item.range) return lines.linePos(item.range[0]).line;
      continue;
    }
    if (!isMap(parent)) continue;
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === keys[n - 1]);
    if (pair && isNode(pair.key) && pair.key.range) return lines.linePos(pair.key.range[0]).line;
  }
  return undefined;
}
