// The request for a drafted summary: a system prompt with the rules every draft must follow, and a
// user message holding the sections to write and the (pseudonymised) facts as JSON. Pure.
import { localDateTime } from '../time/zone-time.ts';
import { figureFormat } from '../i18n/format-figures.ts';
import type { Locale } from '../i18n/locales.ts';
import type { SummaryDraft } from './draft-schema.ts';

/** A chat message as the OpenAI chat completions API takes it. */
export interface PromptMessage {
  role: 'system' | 'user';
  content: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/;

const LANGUAGE_NAMES: Record<Locale, string> = {
  en: 'English',
  id: 'Bahasa Indonesia',
  th: 'Thai',
  vi: 'Vietnamese',
  ms: 'Bahasa Melayu',
  fil: 'Filipino',
};

/** The rules of a draft, for the system message. */
export function summarySystemPrompt(timeZone: string, language: Locale = 'en'): string {
  const example = figureFormat(language);
  return [
    "You draft a management summary for a marketplace's Governance & Experience team (trust, fraud, customer experience), from the facts JSON in the user message and nothing else.",
    'Rules:',
    '1. Use only figures present in the facts JSON. You may print a figure in another form: a ratio as a percentage (0.0287 -> 2.87%), the change of a ratio in points (0.0081 -> +0.81pt), minutes as hours (150 -> 2.5 h). Never add up, average, round to a new figure, or estimate. If a figure is not in the facts, leave it out. Every figure is checked against the facts; a sentence with a figure that is not there is thrown away.',
    '2. Print rates as percentages, changes of a rate in points ("pt"), counts with thousands separators (3,100), money with "$", durations as "48 min" or "2.5 h", times as "MM-DD HH:mm". Times in the facts are already local to ' +
      timeZone +
      '.',
    '3. Keep the sections (key and title) and the `about` key of every sentence exactly as in the skeleton, one or two sentences per about key, in that order. Do not invent about keys.',
    '4. For every incident say whether its cause is confirmed or a hypothesis (cause.confirmed), its severity as SEV1-SEV4, its impact and its owner.',
    '5. M1, U1, T1, PHONE1, EMAIL1 and the like are pseudonyms: copy them exactly as given. Mention an owner as <@U1>. "[ticket text]" is withheld text: do not quote it.',
    '6. Write for a busy manager: short, plain, no speculation beyond the facts. Slack mrkdwn: *bold* only, no headings, no tables, no links.',
    '7. `overall` is the facts\' overall status. `actions` lists the actions of the facts, owner as <@U…>, due as "MM-DD HH:mm".',
    `8. Write in ${LANGUAGE_NAMES[language]}, with figures as that language prints them (e.g. ${example.value(0.026, 'ratio')}, ${example.value(10538, 'count')}, ${example.change(0.004, 'ratio')}, ${example.minutes(48)}); dates and times as "MM-DD HH:mm" or in that language's words. Section "attention" comes first: at most three items, one line each, most urgent first.`,
    '9. Every red or amber metric must be mentioned with its value, every open SEV1/SEV2 incident by its number (#12), every overdue action: anything left out is put back by a check.',
  ].join('\n');
}

// Local times spare the model a time-zone conversion it may get wrong; the series feed only the chart.
function forModel(v: unknown, timeZone: string): unknown {
  if (typeof v === 'string' && ISO.test(v)) return localDateTime(v, timeZone);
  if (Array.isArray(v)) return v.map((x) => forModel(x, timeZone));
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => k !== 'series')
        .map(([k, x]) => [k, forModel(x, timeZone)]),
    );
  }
  return v;
}

/** The skeleton of a draft: sections and their sentences' about keys, without text. */
export function draftSkeleton(template: SummaryDraft): Array<{ key: string; title: string; about: string[] }> {
  return template.sections.map((s) => ({ key: s.key, title: s.title, about: s.sentences.map((x) => x.about) }));
}

/** The messages of a draft request from pseudonymised facts and the template's skeleton. */
export function buildSummaryMessages(
  facts: unknown,
  template: SummaryDraft,
  timeZone: string,
  language: Locale = 'en',
): PromptMessage[] {
  return [
    { role: 'system', content: summarySystemPrompt(timeZone, language) },
    {
      role: 'user',
      content: `Sections to write (skeleton):\n${JSON.stringify(draftSkeleton(template))}\n\nFacts (times local to ${timeZone}):\n${JSON.stringify(forModel(facts, timeZone))}`,
    },
  ];
}
