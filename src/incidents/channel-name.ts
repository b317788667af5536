// Incident channel names: `inc-<yyyymmdd>-<number>-<slug>`, unique by the incident number, within Slack's naming rules.

// conversations.create: "lowercase letters, numbers, hyphens, and underscores, and must be 80
// characters or less" (docs.slack.dev/reference/methods/conversations.create).
export const CHANNEL_NAME_MAX = 80;
// About what a sidebar shows of a name before it cuts it off.
const SLUG_MAX = 30;
// Latin letters NFKD does not decompose into a base letter plus marks.
const LATIN_FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
};

/** The parts of an incident its channel name is made of. */
export interface ChannelNameSource {
  id: number;
  title: string;
  metricId: string | null;
  openedAt: Date;
}

/** The channel name of an incident: its local open date, its number, and a short slug of its title (else its metric, else "incident"). */
export function incidentChannelName(incident: ChannelNameSource, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(incident.openedAt);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const prefix = `inc-${get('year')}${get('month')}${get('day')}-${incident.id}`;
  // Scripts with no Latin decomposition (Arabic, Chinese, Thai, emoji) leave nothing of the title.
  const slug = shortSlug(incident.title) || shortSlug(incident.metricId ?? '') || 'incident';
  return `${prefix}-${slug}`.slice(0, CHANNEL_NAME_MAX - 3);
}

/** The name to try on attempt n (1 = the base name, then -2, -3 ...). */
export function nthChannelName(base: string, attempt: number): string {
  return attempt <= 1 ? base : `${base}-${attempt}`;
}

// Lowercase Slack-legal words of `text`, cut at a word boundary near SLUG_MAX characters.
function shortSlug(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøđðłþıħ]/g, (c) => LATIN_FOLDS[c] ?? c)
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  if (slug.length <= SLUG_MAX) return slug;
  const head = slug.slice(0, SLUG_MAX + 1);
  const boundary = head.lastIndexOf('-');
  return (boundary > 0 ? head.slice(0, boundary) : slug.slice(0, SLUG_MAX)).replace(/[-_]+$/g, '');
}
