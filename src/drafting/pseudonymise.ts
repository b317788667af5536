// Privacy before the LLM: merchant, user and ticket identifiers, Slack user ids, phone numbers and
// e-mail addresses in the facts become stable pseudonyms (M1, U1, T1, PHONE1, EMAIL1), quoted free text
// (ticket and chat messages) becomes "[ticket text]", and the model's output gets the real values back.
// Slack user ids are pseudonymised too: they name people and the model needs only "<@U1>" to mention
// one. Quoted text is never restored: a management summary does not quote customers. Pure.

/** Pseudonymised facts, and the way back. */
export interface Pseudonymised<T> {
  facts: T;
  /** Puts the real identifiers back into text the model wrote. */
  restore: (text: string) => string;
  /** pseudonym -> real value, for logs and tests. */
  table: ReadonlyMap<string, string>;
}

const ISO = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;
const QUOTED = /"[^"\n]{3,}"|“[^”\n]{3,}”|«[^»\n]{3,}»/g;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
// Starts with +, 0 or "(" and has 9 or more digits, so dates, times and amounts are never phones.
const PHONE = /(?<![\w+])(?:\+|\(0|0)\d[\d\s().-]{6,}\d(?![\w])/g;
const ID = /\b(merchant|user|customer|buyer|ticket)(_id|\s?id)?(\s?[=:#]\s?|\s)(\d[\w-]*)\b/gi;
const SLACK_USER = /<@([UW][A-Z0-9]{2,})(\|[^>]*)?>/g;
const SLACK_ID = /^[UW][A-Z0-9]{6,}$/;
const KEY_PREFIX: Record<string, string> = { merchant: 'M', user: 'U', customer: 'U', buyer: 'U', ticket: 'T' };

/** Replaces identifiers in every string of `facts` (timestamps left alone). */
export function pseudonymise<T>(facts: T): Pseudonymised<T> {
  const forward = new Map<string, string>();
  const back = new Map<string, string>();
  const counters = new Map<string, number>();
  const name = (prefix: string, raw: string): string => {
    const key = `${prefix}:${raw}`;
    let p = forward.get(key);
    if (!p) {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      p = `${prefix}${n}`;
      forward.set(key, p);
      back.set(p, raw);
    }
    return p;
  };
  const text = (s: string): string =>
    s
      .replace(QUOTED, '"[ticket text]"')
      .replace(EMAIL, (m) => name('EMAIL', m))
      .replace(PHONE, (m) => (m.replace(/\D/g, '').length >= 9 ? name('PHONE', m) : m))
      .replace(SLACK_USER, (_m, id: string) => `<@${name('U', id)}>`)
      .replace(
        ID,
        (_m, kind: string, idPart: string | undefined, sep: string, id: string) =>
          `${kind}${idPart ?? ''}${sep}${name(KEY_PREFIX[kind.toLowerCase()]!, id)}`,
      );
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') {
      if (ISO.test(v)) return v;
      const kind = /^(merchant|user|customer|buyer|ticket)(_id)?$/i.exec(key)?.[1];
      if (kind) return name(KEY_PREFIX[kind.toLowerCase()]!, v);
      if (SLACK_ID.test(v)) return name('U', v);
      return text(v);
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  const out = walk(facts, '') as T;
  const restore = (s: string): string => s.replace(/\b(?:M|U|T|PHONE|EMAIL)\d+\b/g, (p) => back.get(p) ?? p);
  return { facts: out, restore, table: back };
}
