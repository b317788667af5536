import { describe, expect, it } from 'vitest';
import { checkDraftCoverage, type CoverageRequirement } from '../../src/drafting/check-draft-coverage.ts';
import type { SummaryDraft } from '../../src/drafting/draft-schema.ts';

const template: SummaryDraft = {
  headline: 'Daily',
  overall: 'red',
  sections: [
    { key: 'attention', title: 'Needs attention', sentences: [{ about: 'attention:none', text: 'Nothing.' }] },
    { key: 'scorecard', title: 'Scorecard', sentences: [{ about: 'metric:refund_rate', text: 'Refund rate 2.9%.' }] },
    { key: 'incidents', title: 'Incidents', sentences: [{ about: 'incident:12', text: 'SEV1 #12 open.' }] },
  ],
  actions: [],
};
const says = (about: string, needle: string): CoverageRequirement => ({
  about,
  what: about,
  covered: (s) => s.text.includes(needle),
});
const requirements = [says('metric:refund_rate', '2.9%'), says('incident:12', '#12')];

describe('checkDraftCoverage', () => {
  it('changes nothing when the draft says everything', () => {
    const got = checkDraftCoverage(template, template, requirements);
    expect(got).toEqual({ draft: template, replaced: [] });
  });

  it('replaces a drafted sentence about the fact that leaves it out, in place', () => {
    const draft: SummaryDraft = {
      ...template,
      sections: [
        template.sections[0]!,
        { ...template.sections[1]!, sentences: [{ about: 'metric:refund_rate', text: 'Nothing else to add here.' }] },
        template.sections[2]!,
      ],
    };
    const got = checkDraftCoverage(draft, template, requirements);
    expect(got.draft.sections[1]!.sentences).toEqual([{ about: 'metric:refund_rate', text: 'Refund rate 2.9%.' }]);
    expect(got.replaced).toEqual([
      {
        sentence: 'Nothing else to add here.',
        numbers: [],
        replacement: 'Refund rate 2.9%.',
        reason: 'omitted',
        about: 'metric:refund_rate',
      },
    ]);
  });

  it('puts a missing sentence back in its section, creating the section in the template order', () => {
    const draft: SummaryDraft = { ...template, sections: [template.sections[0]!, template.sections[1]!] };
    const got = checkDraftCoverage(draft, template, requirements);
    expect(got.draft.sections.map((s) => s.key)).toEqual(['attention', 'scorecard', 'incidents']);
    expect(got.draft.sections[2]!.sentences).toEqual([{ about: 'incident:12', text: 'SEV1 #12 open.' }]);
    expect(got.replaced).toMatchObject([{ sentence: '', reason: 'omitted', about: 'incident:12' }]);
  });
});
