// The postmortem's Markdown from facts and a written draft: the sections in order, mentions and bold turned into
// Markdown, the cause apart from the playbooks' findings, the evidence and actions as tables, the empty sections.
import { describe, expect, it } from 'vitest';
import { checkFigures } from '../../src/numbers/match-figures.ts';
import { figuresOfSummary } from '../../src/summaries/figures-of-summary.ts';
import { POSTMORTEM_SECTIONS, renderPostmortem } from '../../src/summaries/render-postmortem.ts';
import { writeSummary } from '../../src/summaries/write-summary.ts';
import { sampleIncident, TZ } from './fixtures/sample-summaries.ts';

describe('renderPostmortem', () => {
  const roles = { commander: 'U04PUTRI01', comms: null, scribe: 'U04BUDI001' };

  it('writes every section in order, from the template when there is no key, and every figure is a fact', async () => {
    const written = await writeSummary(sampleIncident, { timezone: TZ });
    const doc = renderPostmortem(sampleIncident, written, roles);
    const headings = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([...POSTMORTEM_SECTIONS]);
    expect(doc).toMatch(/^# Postmortem: Refund spike, Jakarta × spa \(incident #12\)\n/);
    expect(doc).toContain('| Commander | @U04PUTRI01 |\n| Comms | nobody |\n| Scribe | @U04BUDI001 |');
    expect(doc).toContain('- SEV2 **Refund spike, Jakarta × spa** (#12) opened 06-02 14:00');
    expect(doc).toContain('| Refund rate | city=jakarta, category=spa | 11.2% | 2.1% | +9.1 pt |');
    expect(doc).not.toMatch(/<@U/);
    const section = (title: string) => doc.split(`## ${title}\n`)[1]!.split('\n## ')[0]!;
    expect(section('Cause')).toContain('Cause (confirmed): 41 merchants');
    expect(section('Cause')).not.toContain('Playbook ');
    expect(section('What the playbooks found')).toMatch(/^\n- Playbook /);
    expect(section('Actions')).toMatch(/\| Action \| Owner \| Due \| Status \|/);
    expect(section('What went well')).toBe('\n_For the responders to write._\n');
    expect(doc.trimEnd().split('\n').at(-1)).toBe("_Written from the data by vigil's template._");
    expect(checkFigures(doc, figuresOfSummary(sampleIncident, TZ)).unmatched).toEqual([]);
  });

  it('says so where there is no metric, no finding and no action', async () => {
    const bare = { ...sampleIncident, metric: null, playbookFindings: [], actions: [] };
    const doc = renderPostmortem(bare, await writeSummary(bare, { timezone: TZ }), {
      commander: null,
      comms: null,
      scribe: null,
    });
    expect(doc).not.toContain('| Metric |');
    expect(doc).toContain('_No playbook found anything on this incident (run one with `/investigate`)._');
    expect(doc).toContain('_No actions yet: add them with `/incident action <text> @owner due=YYYY-MM-DD`._');
    expect(doc).toContain('| Commander | nobody |');
  });
});
