// Incident channel names: `inc-<yyyymmdd>-<slug>`, within Slack's naming rules.

// conversations.create: "lowercase letters, numbers, hyphens, and underscores, and must be 80
// characters or less" (docs.slack.dev/reference/methods/conversations.create).
export const CHANNEL_NAME_MAX = 80;

/** The base name for an incident opened at `at` (date in `timezone`) with this title. */
export function incidentChannelName(title: string, at: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const prefix = `inc-${get('year')}${get('month')}${get('day')}`;
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  // Leave room for a "-NN" suffix on name_taken.
  const room = CHANNEL_NAME_MAX - prefix.length - 1 - 3;
  const cut = slug.slice(0, room).replace(/[-_]+$/g, '');
  return cut ? `${prefix}-${cut}` : `${prefix}-incident`;
}

/** The name to try on attempt n (1 = the base name, then -2, -3 ...). */
export function nthChannelName(base: string, attempt: number): string {
  return attempt <= 1 ? base : `${base}-${attempt}`;
}
