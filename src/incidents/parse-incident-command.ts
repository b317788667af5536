// Parses `/incident` text into a typed request with zod, or a usage error that says what to type.
import { z } from 'zod';
import { parseUserMention, splitKeyValues, tokenize } from '../blocks/tokenize-command.ts';
import { parseIncidentId } from './parse-incident-id.ts';
import { INCIDENT_ROLES, type IncidentAction, type IncidentRole } from './incident-types.ts';

/** The slice dimensions an incident opened by hand may name. */
export const SLICE_KEYS = [
  'city',
  'category',
  'channel',
  'merchant_tier',
  'vendor',
  'language',
  'pos_integration',
] as const;
const severity = z.coerce.number().int().min(1).max(4);
const ID_ERROR = 'An incident id is a positive number such as 12 or #12; `/incident list` shows them.';

// Thrown by the parser's id reader for a number no incident can have (0, or beyond PostgreSQL's bigint).
class NoSuchId extends Error {}

/** A parsed `/incident` request; `id` undefined means "the incident of this channel". */
export type IncidentRequest =
  | { sub: 'help' }
  | { sub: 'new'; title: string; severity: 1 | 2 | 3 | 4; metric?: string; slice: Record<string, string> }
  | { sub: 'ack' | 'escalate' | 'status' | 'timeline' | 'summary' | 'postmortem'; id?: number }
  | { sub: 'resolve'; id?: number; note: string }
  | { sub: 'severity'; id?: number; severity: 1 | 2 | 3 | 4 }
  | { sub: 'assign'; id?: number; userId: string }
  | { sub: 'role'; id?: number; role: IncidentRole; userId: string }
  /** `next` as typed (a duration or HH:MM); the command turns it into a time. */
  | { sub: 'update'; id?: number; text: string; next?: string }
  | { sub: 'list'; filter: 'open' | 'mine' | 'all' };

/** The parse result: a request, or the problem in words. */
export type ParsedIncidentCommand = { ok: true; request: IncidentRequest } | { ok: false; error: string };

/** Parses the text after `/incident`. */
export function parseIncidentCommand(text: string): ParsedIncidentCommand {
  try {
    return parseWords(text);
  } catch (err) {
    if (err instanceof NoSuchId) return { ok: false, error: ID_ERROR };
    throw err;
  }
}

function parseWords(text: string): ParsedIncidentCommand {
  const words = tokenize(text);
  const sub = (words.shift() ?? 'help').toLowerCase();
  const fail = (error: string): ParsedIncidentCommand => ({ ok: false, error });
  const readId = (word: string | undefined): number => {
    const id = parseIncidentId(word);
    if (id === undefined) throw new NoSuchId();
    return id;
  };
  const maybeId = (): number | undefined =>
    words[0] !== undefined && /^#?\d+$/.test(words[0]) ? readId(words.shift()) : undefined;
  switch (sub) {
    case 'help':
      return { ok: true, request: { sub: 'help' } };
    case 'new': {
      const { positional, options } = splitKeyValues(words);
      const title = positional.join(' ').trim();
      if (!title) return fail('`new` needs a title.');
      if (title.length > 200) return fail('The title is longer than 200 characters; keep it to a line.');
      const sev = severity.safeParse(options.sev ?? '3');
      if (!sev.success) return fail('`sev` must be 1, 2, 3 or 4 (1 is the most severe).');
      const unknown = Object.keys(options).filter(
        (k) => k !== 'sev' && k !== 'metric' && !(SLICE_KEYS as readonly string[]).includes(k),
      );
      if (unknown.length > 0)
        return fail(
          `Unknown option ${unknown.map((k) => `\`${k}=\``).join(', ')}. Use sev=, metric= or a slice: ${SLICE_KEYS.join(', ')}.`,
        );
      const slice = Object.fromEntries(SLICE_KEYS.filter((k) => options[k]).map((k) => [k, options[k]!.toLowerCase()]));
      return {
        ok: true,
        request: { sub: 'new', title, severity: sev.data as 1 | 2 | 3 | 4, metric: options.metric, slice },
      };
    }
    case 'ack':
    case 'acknowledge':
    case 'escalate':
    case 'status':
    case 'timeline':
    case 'summary':
    case 'postmortem': {
      const id = maybeId();
      if (words.length > 0 && sub !== 'escalate') return fail(`\`${sub}\` takes only an optional incident id.`);
      const name = sub === 'acknowledge' ? 'ack' : sub;
      return { ok: true, request: { sub: name as 'ack', id } };
    }
    case 'resolve': {
      const id = maybeId();
      const note = words.join(' ').trim();
      if (!note) return fail('`resolve` needs a note: what fixed it, or why it is closed.');
      return { ok: true, request: { sub: 'resolve', id, note } };
    }
    case 'severity':
    case 'sev': {
      const id = words.length > 1 ? maybeId() : undefined;
      const sev = severity.safeParse(words[0]);
      if (!sev.success || words.length !== 1)
        return fail('`severity` takes a level from 1 to 4, e.g. `/incident severity 2`.');
      return { ok: true, request: { sub: 'severity', id, severity: sev.data as 1 | 2 | 3 | 4 } };
    }
    case 'assign': {
      const id = maybeId();
      const userId = parseUserMention(words[0]);
      if (!userId || words.length !== 1)
        return fail('`assign` takes one person, mentioned: `/incident assign @alice`.');
      return { ok: true, request: { sub: 'assign', id, userId } };
    }
    case 'role': {
      const id = maybeId();
      const role = (words[0] ?? '').toLowerCase();
      const userId = parseUserMention(words[1]);
      if (!(INCIDENT_ROLES as readonly string[]).includes(role) || !userId || words.length !== 2)
        return fail(
          `\`role\` takes a role (${INCIDENT_ROLES.join(', ')}) and one person: \`/incident role commander @alice\`.`,
        );
      return { ok: true, request: { sub: 'role', id, role: role as IncidentRole, userId } };
    }
    case 'update': {
      // The text as typed (quotes and spacing kept); an id needs its # here, since updates often start with a number.
      let rest = text.trim().replace(/^\S+\s*/, '');
      const id = /^#(\d+)\b\s*/.exec(rest);
      if (id) rest = rest.slice(id[0].length);
      const nexts = [...rest.matchAll(/(?:^|\s)next=(\S*)/gi)];
      if (nexts.length > 1) return fail('Give `next=` once.');
      if (nexts[0] && nexts[0][1] === '')
        return fail('`next=` needs a duration or a time, e.g. `next=30m` or `next=14:00`.');
      const note = rest
        .replace(/(?:^|\s)next=\S*/gi, '')
        .replace(/[ \t]{2,}/g, ' ')
        .trim();
      if (!note)
        return fail(
          '`update` needs a text: where things stand, e.g. `/incident update merchants suspended, refunds going out next=1h`.',
        );
      if (note.length > 2000) return fail('The update is longer than 2,000 characters; keep it to a short paragraph.');
      return {
        ok: true,
        request: {
          sub: 'update',
          id: id ? readId(id[1]) : undefined,
          text: note,
          ...(nexts[0] ? { next: nexts[0][1] } : {}),
        },
      };
    }
    case 'list': {
      const filter = z.enum(['open', 'mine', 'all']).safeParse((words[0] ?? 'open').toLowerCase());
      if (!filter.success || words.length > 1) return fail('`list` takes open, mine or all.');
      return { ok: true, request: { sub: 'list', filter: filter.data } };
    }
    default:
      return fail(`Unknown subcommand \`${sub}\`.`);
  }
}

/** The state-machine action of an ack, escalate, resolve, severity, assign or role request. */
export function incidentActionOf(req: IncidentRequest): IncidentAction {
  switch (req.sub) {
    case 'ack':
      return { kind: 'acknowledge' };
    case 'escalate':
      return { kind: 'escalate' };
    case 'resolve':
      return { kind: 'resolve', note: req.note };
    case 'severity':
      return { kind: 'set_severity', severity: req.severity };
    case 'assign':
      return { kind: 'assign', userId: req.userId };
    case 'role':
      return { kind: 'assign_role', role: req.role, userId: req.userId };
    default:
      throw new Error(`not an action: ${req.sub}`);
  }
}
