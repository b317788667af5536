// The "Declare incident" modal (the global and message shortcuts, the Home tab's button) and reading its submission. Pure.
import { SLICE_KEYS } from '../incidents/parse-incident-command.ts';
import type { Severity } from '../incidents/incident-types.ts';
import { modalView } from './modal-view.ts';
import { splitKeyValues, tokenize } from './tokenize-command.ts';

/** The modal's callback_id (manifest-free: views are not declared there). */
export const DECLARE_VIEW = 'incident_declare_view';

// Slack's limits for a view (docs.slack.dev/reference/views): private_metadata up to 3000 characters, a modal title
// up to 24, a static select up to 100 options, a plain_text_input's initial value no longer than its max_length.
const METADATA_MAX = 3000;
const OPTIONS_MAX = 100;
/** The title /incident new accepts. */
export const DECLARE_TITLE_MAX = 200;
const DESCRIPTION_MAX = 2000;
const QUOTE_KEEP = 2000;

/** The message a "Declare incident from this message" starts from. */
export interface DeclareSource {
  channelId: string;
  ts: string;
  /** A user id, else a bot id. */
  author: string;
  text: string;
  /** The message's permalink (chat.getPermalink), when Slack gave one. */
  permalink?: string;
}

/** A metric the modal offers. */
export interface DeclareMetric {
  id: string;
  title: string;
}

/** What a filled-in modal declares. */
export interface DeclareForm {
  title: string;
  severity: Severity;
  metricId?: string;
  slice: Record<string, string>;
  description?: string;
}

/** A Slack view state: values by block and action id. */
export type ViewValues = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value: string } | null } | undefined>
>;

/** The modal; its title is prefilled from the message it starts from (its first line). */
export function renderDeclareModal(metrics: readonly DeclareMetric[], source?: DeclareSource): Record<string, unknown> {
  const title = source ? titleFrom(source.text) : '';
  const metricOptions = metrics.slice(0, OPTIONS_MAX).map((m) => option(`${m.title} (${m.id})`.slice(0, 75), m.id));
  return modalView({
    callbackId: DECLARE_VIEW,
    title: 'Declare incident',
    submit: 'Declare',
    metadata: source ? messageMetadata(source) : '',
    blocks: [
      {
        type: 'input',
        block_id: 'title',
        label: plain('Title'),
        element: {
          type: 'plain_text_input',
          action_id: 'title',
          max_length: DECLARE_TITLE_MAX,
          ...(title ? { initial_value: title } : {}),
          placeholder: plain('What is wrong, in a line'),
        },
      },
      {
        type: 'input',
        block_id: 'severity',
        label: plain('Severity'),
        element: {
          type: 'static_select',
          action_id: 'severity',
          options: SEVERITIES.map(([value, text]) => option(text, value)),
          initial_option: option(SEVERITIES[2]![1], SEVERITIES[2]![0]),
        },
      },
      ...(metricOptions.length > 0
        ? [
            {
              type: 'input',
              block_id: 'metric',
              optional: true,
              label: plain('Metric'),
              element: { type: 'static_select', action_id: 'metric', options: metricOptions },
            },
          ]
        : []),
      {
        type: 'input',
        block_id: 'slice',
        optional: true,
        label: plain('Slice'),
        hint: plain(`key=value pairs: ${SLICE_KEYS.join(', ')}`),
        element: { type: 'plain_text_input', action_id: 'slice', placeholder: plain('city=jakarta category=food') },
      },
      {
        type: 'input',
        block_id: 'description',
        optional: true,
        label: plain('Description'),
        element: {
          type: 'plain_text_input',
          action_id: 'description',
          multiline: true,
          max_length: DESCRIPTION_MAX,
          placeholder: plain('What you see, who is affected, what you tried'),
        },
      },
    ],
  });
}

/** Reads a submitted modal: the incident to open, or the errors to show beside the fields (response_action errors). */
export function readDeclareForm(
  values: ViewValues,
  metricIds: readonly string[],
): { ok: true; form: DeclareForm } | { ok: false; errors: Record<string, string> } {
  const title = (values.title?.title?.value ?? '').replace(/\s+/g, ' ').trim();
  const severity = Number(values.severity?.severity?.selected_option?.value ?? '3');
  const metricId = values.metric?.metric?.selected_option?.value ?? undefined;
  const description = (values.description?.description?.value ?? '').trim();
  const errors: Record<string, string> = {};
  if (!title) errors.title = 'Give the incident a title.';
  if (![1, 2, 3, 4].includes(severity)) errors.severity = 'Pick a severity.';
  if (metricId !== undefined && !metricIds.includes(metricId)) errors.metric = 'That metric is not in the catalog.';
  const slice = readSlice(values.slice?.slice?.value ?? '');
  if (!slice.ok) errors.slice = slice.error;
  if (Object.keys(errors).length > 0 || !slice.ok) return { ok: false, errors };
  return {
    ok: true,
    form: {
      title,
      severity: severity as Severity,
      ...(metricId ? { metricId } : {}),
      slice: slice.slice,
      ...(description ? { description } : {}),
    },
  };
}

/** The message a modal was opened from, out of its private_metadata (undefined: the global shortcut, or unreadable). */
export function messageOfMetadata(metadata: string | undefined): DeclareSource | undefined {
  if (!metadata) return undefined;
  try {
    const m = JSON.parse(metadata) as { c?: unknown; ts?: unknown; a?: unknown; t?: unknown; p?: unknown };
    if (typeof m.c !== 'string' || typeof m.ts !== 'string' || typeof m.a !== 'string' || typeof m.t !== 'string')
      return undefined;
    return {
      channelId: m.c,
      ts: m.ts,
      author: m.a,
      text: m.t,
      ...(typeof m.p === 'string' ? { permalink: m.p } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The message as the incident channel quotes it: `> text` lines, then who said it where, with the link. */
export function quoteSource(source: DeclareSource, declaredBy: string): string {
  const quoted = source.text
    .split('\n')
    .slice(0, 20)
    .map((line) => `> ${line}`)
    .join('\n');
  const author = /^[UW][A-Z0-9]+$/.test(source.author) ? `<@${source.author}>` : 'an app';
  const link = source.permalink ? ` (<${source.permalink}|the message>)` : '';
  return `:speech_balloon: <@${declaredBy}> declared this incident from a message by ${author} in <#${source.channelId}>${link}:\n${quoted}`;
}

const SEVERITIES: Array<[string, string]> = [
  ['1', 'SEV1: critical, customers badly hit'],
  ['2', 'SEV2: major'],
  ['3', 'SEV3: minor'],
  ['4', 'SEV4: low'],
];

function readSlice(text: string): { ok: true; slice: Record<string, string> } | { ok: false; error: string } {
  const { positional, options, problems } = splitKeyValues(tokenize(text));
  if (problems.length > 0 || positional.length > 0)
    return { ok: false, error: 'Write the slice as key=value pairs, e.g. city=jakarta category=food.' };
  const unknown = Object.keys(options).filter((k) => !(SLICE_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0)
    return { ok: false, error: `Unknown slice key ${unknown.join(', ')}; use ${SLICE_KEYS.join(', ')}.` };
  return { ok: true, slice: Object.fromEntries(Object.entries(options).map(([k, v]) => [k, v.toLowerCase()])) };
}

// The first line of the message, as a title /incident new would take.
function titleFrom(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  const clean = line
    .replace(/<[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<([^>]*)>/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length <= DECLARE_TITLE_MAX ? clean : `${clean.slice(0, DECLARE_TITLE_MAX - 1)}…`;
}

/** A message as a modal's private_metadata; short keys keep the text's share of the 3000 characters large. */
export function messageMetadata(source: DeclareSource): string {
  const base = {
    c: source.channelId,
    ts: source.ts,
    a: source.author,
    ...(source.permalink ? { p: source.permalink } : {}),
  };
  let keep = QUOTE_KEEP;
  for (;;) {
    const text = source.text.length <= keep ? source.text : `${source.text.slice(0, keep)}…`;
    const json = JSON.stringify({ ...base, t: text });
    if (json.length <= METADATA_MAX || keep === 0) return json;
    keep = Math.max(0, keep - (json.length - METADATA_MAX) - 1);
  }
}

function plain(text: string) {
  return { type: 'plain_text', text };
}

function option(text: string, value: string) {
  return { text: plain(text), value };
}
