// The floors of src/ stay honest: lower folders never import higher ones, and no files import each other in a loop.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SRC = join(ROOT, 'src');

/** Each floor and the src/ folders on it; a folder may import its own floor and those below. */
const FLOORS: Array<{ floor: string; folders: string[] }> = [
  {
    floor: 'ground: pure vocabularies',
    folders: ['errors.ts', 'version.ts', 'logging', 'observability', 'time', 'metrics', 'numbers', 'drafting', 'i18n'],
  },
  { floor: 'pure maths', folders: ['detect', 'rca'] },
  {
    floor: 'domain',
    folders: [
      'blocks',
      'incidents',
      'watch',
      'playbooks',
      'summaries',
      'oncall',
      'escalation',
      'auth',
      'charts',
      'demo',
      'warehouse',
      'db',
      'config',
    ],
  },
  { floor: 'adapters', folders: ['slack', 'http', 'scheduler', 'local', 'paging'] },
  { floor: 'composition', folders: ['app', 'cli', 'cli.ts', 'main.ts'] },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs|js)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The src/ files a file imports, by relative specifier (type-only imports count: they tie the floors too). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => normalize(join(dirname(file), s))).filter((p) => p.startsWith(SRC));
}

const topOf = (file: string) => relative(SRC, file).split('/')[0]!;
const floorOf = (file: string) => FLOORS.findIndex((f) => f.folders.includes(topOf(file)));
const files = sourceFiles(SRC);

/** The imports of `file` (among `targets`) that reach a higher floor, in words. */
function upward(file: string, targets: string[]): string[] {
  return targets
    .filter((target) => floorOf(target) > floorOf(file))
    .map(
      (target) =>
        `${relative(ROOT, file)} -> ${relative(ROOT, target)} (${FLOORS[floorOf(file)]!.floor} imports ${FLOORS[floorOf(target)]!.floor})`,
    );
}

describe('the floors of src/', () => {
  it('places every folder of src/ on a floor', () => {
    expect([...new Set(files.map(topOf))].filter((top) => floorOf(join(SRC, top)) < 0)).toEqual([]);
  });

  it('has no import from a lower floor to a higher one', () => {
    expect(files.flatMap((file) => upward(file, importsOf(file)))).toEqual([]);
  });

  it('has no files that import each other in a loop', () => {
    const graph = new Map(files.map((f) => [f, importsOf(f)]));
    const state = new Map<string, 'open' | 'done'>();
    const loops: string[] = [];
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        loops.push([...path.slice(path.indexOf(file)), file].map((f) => relative(ROOT, f)).join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(loops).toEqual([]);
  });

  it('names an upward import when there is one (the check itself works)', () => {
    const probe = join(SRC, 'incidents', 'probe.ts');
    expect(upward(probe, [join(SRC, 'slack', 'build-slack-app.ts'), join(SRC, 'metrics', 'grain.ts')])).toEqual([
      'src/incidents/probe.ts -> src/slack/build-slack-app.ts (domain imports adapters)',
    ]);
  });
});
