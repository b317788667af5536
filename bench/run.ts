// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) and prints medians.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult } from './bench-result.ts';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

const all: BenchResult[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: () => Promise<BenchResult[]> };
  console.error(`running ${file} ...`);
  const results = await mod.default();
  for (const r of results) {
    all.push(r);
    const ratio = r.ratio === undefined ? '' : `  ratio ${r.ratio.toFixed(2)} vs ${r.baseline?.name}`;
    const target = r.target ? `  [${r.target.met ? 'met' : 'MISSED'}: ${r.target.text}]` : '';
    console.log(`${r.name}: median ${r.median.toFixed(2)} ${r.unit} over ${r.runs} runs${ratio}${target}`);
    if (r.notes) console.log(`  ${r.notes}`);
  }
}
if (process.env.BENCH_JSON) console.log(JSON.stringify(all, null, 2));
process.exitCode = all.some((r) => r.target && !r.target.met) ? 1 : 0;
