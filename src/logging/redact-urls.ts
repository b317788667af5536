// URLs are printed (start-up lines, errors) but may carry credentials: a user and password, or a key in the query.

// A URL inside free text runs to the next space, quote or bracket.
const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>()]+/gi;

/** `text` with every http(s) URL in it printable: its user and password and every query value replaced by REDACTED. */
export function redactUrls(text: string): string {
  return text.replace(URL_IN_TEXT, redactOne);
}

function redactOne(raw: string): string {
  if (!URL.canParse(raw)) return raw.replace(/\/\/[^/?#]*@/, '//REDACTED@').replace(/\?.*/, '?REDACTED');
  const url = new URL(raw);
  if (url.username || url.password) {
    url.username = 'REDACTED';
    url.password = '';
  }
  // Any query value may be a proxy's key; the names stay, so the line still says which parameter was set.
  if (url.search)
    url.search = new URLSearchParams([...url.searchParams.keys()].map((key) => [key, 'REDACTED'])).toString();
  const printed = url.toString();
  // URL adds a slash to a bare origin: keep the text as it was written.
  return printed === `${raw}/` ? raw : printed;
}
