// The digest's template in every language passes both its checks as written; a wrong value and a left-out
// open incident are caught in each language.
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/i18n/locales.ts';
import { checkDrafted, templateSummary } from '../../src/summaries/write-summary.ts';
import { figureFormat } from '../../src/i18n/format-figures.ts';
import type { SummaryDraft } from '../../src/drafting/draft-schema.ts';
import { sampleDigest, TZ } from './fixtures/sample-summaries.ts';

const edit = (d: SummaryDraft, about: string, f: (text: string) => string | null): SummaryDraft => ({
  ...d,
  sections: d.sections.map((s) => ({
    ...s,
    sentences: s.sentences.flatMap((x) => {
      if (x.about !== about) return [x];
      const text = f(x.text);
      return text === null ? [] : [{ about, text }];
    }),
  })),
});

describe.each(LOCALES)('the digest checks in %s', (locale) => {
  const template = templateSummary(sampleDigest, TZ, locale);

  it('pass the template as written', () => {
    const { check, replaced } = checkDrafted(sampleDigest, template, template, TZ, locale);
    expect(replaced).toEqual([]);
    expect(check.figures).toBeGreaterThan(60);
  });

  it("catch a metric's value swapped for its own 4-week median, written in the language", () => {
    const fmt = figureFormat(locale);
    const value = fmt.value(0.91, 'ratio');
    const median = fmt.value(0.94, 'ratio');
    const wrong = edit(template, 'metric:cs_frt_sla', (t) => t.replace(value, median));
    const { replaced, covered } = checkDrafted(sampleDigest, wrong, template, TZ, locale);
    expect(replaced.map((r) => r.about)).toEqual(['metric:cs_frt_sla']);
    const said = covered.draft.sections.flatMap((s) => s.sentences).find((s) => s.about === 'metric:cs_frt_sla');
    expect(said?.text).toContain(value);
  });

  it('put back an open SEV2 the draft leaves out', () => {
    const left = edit(
      edit(template, 'incident:12', () => null),
      'attention:incident:12',
      () => null,
    );
    const { replaced } = checkDrafted(sampleDigest, left, template, TZ, locale);
    expect(replaced).toMatchObject([{ reason: 'omitted', about: 'incident:12', sentence: '' }]);
  });
});
