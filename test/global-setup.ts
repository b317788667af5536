// Vitest global setup: builds the seeded demo templates (test/helpers/demo-template.ts) once, before the workers
// start, when a test file of this run copies them; the templates outlive the run, so a later one skips this.
import { readFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { ensureDemoTemplates } from './helpers/demo-template.ts';
import { testDatabaseKinds } from './helpers/test-database.ts';

/** Builds the demo templates this run needs. */
export default async function setup(project: TestProject): Promise<void> {
  if (!(await runNeedsDemo(project))) return;
  await ensureDemoTemplates(testDatabaseKinds);
}

// Whether a file of this run opens a demo copy. `filenamePattern` (the command line's filters) is vitest's
// internal field; without it every file counts, which at worst builds templates a run does not use.
async function runNeedsDemo(project: TestProject): Promise<boolean> {
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  const { testFiles } = await project.globTestFiles(filters);
  return testFiles.some((file) => readFileSync(file, 'utf8').includes('openDemoDatabase('));
}
