// Slash command text as words: quoted phrases, key=value options and escaped user mentions.

// A quoted phrase, alone or as the value of key=, ends at a space or the end of the text; a quote
// inside a word (Merchant's) or one never closed is just a character. Straight and curly quotes,
// since some Slack clients turn one into the other.
const WORD = /([a-z_]+=)?(?:"([^"]*)"|'([^']*)'|“([^”]*)”|‘([^’]*)’)(?=\s|$)|\S+/giu;

/** Splits command text into words; "a phrase", 'a phrase' and key="a b" are one word each, without their quotes. */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  for (const m of text.trim().matchAll(WORD)) {
    const quoted = m[2] ?? m[3] ?? m[4] ?? m[5];
    words.push(quoted === undefined ? m[0] : `${m[1] ?? ''}${quoted}`);
  }
  return words;
}

/** Pulls `key=value` words out of a token list; the rest stay positional. `problems` names what could not be read
 * whole (a key given twice, an empty value, a quote never closed), for commands that must not act on part of it. */
export function splitKeyValues(words: string[]): {
  positional: string[];
  options: Record<string, string>;
  problems: string[];
} {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  const problems: string[] = [];
  for (const w of words) {
    const m = /^([a-z_]+)=(.*)$/i.exec(w);
    if (!m) {
      positional.push(w);
      if (/["“”]/.test(w)) problems.push(`a quote never closed near ${w}`);
      continue;
    }
    const key = m[1]!.toLowerCase();
    const value = m[2]!;
    if (key in options) problems.push(`${key}= given twice`);
    else if (value === '') problems.push(`${key}= has no value`);
    else if (/^['‘]|["“”]/.test(value)) problems.push(`a quote never closed in ${key}=`);
    options[key] = value;
  }
  return { positional, options, problems };
}

/** The Slack user id in `<@U123|name>` or `<@U123>` (as Slack escapes mentions), or undefined. */
export function parseUserMention(word: string | undefined): string | undefined {
  return word ? /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(word)?.[1] : undefined;
}
