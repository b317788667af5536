import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlaybooks, parsePlaybookText } from '../../src/playbooks/load-playbooks.ts';

const good = (id: string) => `id: ${id}
title: Good
description: Loads.
params:
  city: { type: string }
steps:
  - id: q
    kind: query
    sql: SELECT :city::text AS city
`;

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-playbooks-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('loadPlaybooks', () => {
  it('loads the good files and names file, line and field for each broken one', () => {
    const dir = dirWith({
      'alpha.yml': good('alpha'),
      'broken-yaml.yml': 'id: broken-yaml\ntitle: [unclosed\n',
      'bad-field.yml': good('bad-field').replace('    kind: query\n', '    kind: query\n    colour: blue\n'),
      'bad-kind.yml': good('bad-kind').replace('kind: query', 'kind: teleport'),
      'zeta.yml': good('zeta'),
    });
    const { playbooks, problems } = loadPlaybooks(dir);
    expect(playbooks.map((p) => p.id)).toEqual(['alpha', 'zeta']);
    expect(problems).toHaveLength(3);
    expect(problems.find((p) => p.includes('broken-yaml.yml'))).toMatch(/broken-yaml\.yml:\d+: invalid YAML/);
    expect(problems.find((p) => p.includes('bad-field.yml'))).toMatch(
      /bad-field\.yml:9: unknown field 'steps\.0\.colour'/,
    );
    expect(problems.find((p) => p.includes('bad-kind.yml'))).toMatch(/bad-kind\.yml:8: steps\.0\.kind/);
  });

  it('reports a missing folder instead of throwing', () => {
    const { playbooks, problems } = loadPlaybooks(join(tmpdir(), 'no-such-vigil-folder'));
    expect(playbooks).toEqual([]);
    expect(problems[0]).toMatch(/cannot be read \(ENOENT\)/);
  });

  it('refuses a second file with the same id and keeps the first', () => {
    const dir = dirWith({ 'a.yml': good('a'), 'b.yml': good('a') });
    const { playbooks, problems } = loadPlaybooks(dir);
    expect(playbooks).toHaveLength(1);
    expect(problems.join('\n')).toMatch(
      /b\.yml: id 'a' is already used by .*a\.yml|b\.yml:\d+: id: 'a' does not match the file name/,
    );
  });
});

describe('parsePlaybookText references', () => {
  const check = (text: string) => {
    const r = parsePlaybookText(text, 'x.yml');
    return r.ok ? [] : r.problems;
  };

  it('accepts a consistent playbook', () => {
    expect(check(good('x'))).toEqual([]);
  });

  it('refuses SQL that uses an undeclared parameter, at the sql line', () => {
    expect(check(good('x').replace(':city::text', ':town::text'))).toEqual([
      expect.stringMatching(/^x\.yml:9: steps\.0\.sql: .*:town.*Declare it under params/),
    ]);
  });

  it('refuses a from that is not an earlier step, and a chart of a note', () => {
    const text = `${good('x')}  - id: c
    kind: chart
    from: later
    x: a
    y: b
  - id: n
    kind: note
    text: hi {{params.city}} {{q.city}}
  - id: c2
    kind: chart
    from: n
    x: a
    y: b
`;
    const problems = check(text);
    expect(problems).toEqual([
      expect.stringMatching(/x\.yml:12: steps\.1\.from: 'later' is not an earlier step/),
      expect.stringMatching(/x\.yml:20: steps\.3\.from: 'n' is a note step, which has no rows/),
    ]);
  });

  it('refuses template references to unknown params or later steps', () => {
    const text = `${good('x')}  - id: n
    kind: note
    text: "{{params.town}} and {{z.value}}"
`;
    const problems = check(text);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/\{\{params\.town\}\} is not a parameter/);
    expect(problems[1]).toMatch(/\{\{z\.value\}\} refers to 'z'/);
  });

  it('refuses bad date defaults, wrong incident sources and a file named after another id', () => {
    const text = good('x').replace(
      '  city: { type: string }',
      `  city: { type: int, from_incident: slice.city }
  to: { type: date, default: yesterday at noon }
  from: { type: date, default: from - 1d }`,
    );
    const problems = check(text);
    expect(
      problems.some((p) =>
        /params\.city\.from_incident: slice\.city fills a string or enum parameter, not a int/.test(p),
      ),
    ).toBe(true);
    expect(problems.some((p) => /params\.to\.default: 'yesterday at noon' is not a date default/.test(p))).toBe(true);
    expect(problems.some((p) => /params\.from\.default: the default of from depends on itself/.test(p))).toBe(true);
    expect(check(good('y'))).toEqual([expect.stringMatching(/does not match the file name\. Name the file y\.yml/)]);
  });

  it('needs either actual/expected or the four ratio columns on a drill-down', () => {
    const text = `${good('x')}  - id: d
    kind: drilldown
    from: q
    dims: [city]
    actual: a
    num: n
`;
    expect(check(text)[0]).toMatch(/x\.yml:\d+: steps\.1: give either actual and expected/);
  });
});
