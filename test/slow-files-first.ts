// Orders test files so the slowest start first and the two workers finish together. Vitest orders by the
// durations it cached on the last run; a fresh clone (CI) has none and would order by file size instead.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The slowest files of a CI run (seconds of test time in brackets), slowest first; the rest follow in vitest's order. */
export const SLOW_FILES = [
  'test/demo/seed-demo-replace.test.ts', // 109
  'test/faults/incident-crash-restart.test.ts', // 62 (measured alone)
  'test/faults/shutdown-sigterm.test.ts', // 55 (measured alone, both databases)
  'test/cli/demo-seed.test.ts', // 45
  'test/faults/incident-setup-repair.test.ts', // 42 (measured alone)
  'test/cli/start.test.ts', // 41
  'test/playbooks/builtin-playbooks.test.ts', // 40
  'test/watch/demo-catalog-sql.test.ts', // 36
  'test/local/workspace-browser.test.ts', // 31
  'test/demo/seed-demo.test.ts', // 30
  'test/cli/start-slack.test.ts', // 25
  'test/slack/incident-http-wiring.test.ts', // 24
  'test/faults/lanes-slow-slack.test.ts', // 24 (measured alone)
  'test/cli/playbook.test.ts', // 20
  'test/faults/database-cut.test.ts', // 19 (measured alone)
  'test/db/migrate.test.ts', // 19
  'test/db/embedded-postgres.test.ts', // 18
  'test/escalation/run-escalations.test.ts', // 17
  'test/local/local-workspace-e2e.test.ts', // 14
];

/** Vitest's sequencer with SLOW_FILES moved to the front, in that order. */
export class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = SLOW_FILES.findIndex((s) => f.moduleId.replaceAll('\\', '/').endsWith(`/${s}`));
      return i === -1 ? SLOW_FILES.length : i;
    };
    return sorted
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
      .map((x) => x.f);
  }
}
