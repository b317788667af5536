import { describe, expect, it } from 'vitest';
import { redactUrls } from '../../src/logging/redact-urls.ts';

describe('redactUrls', () => {
  it('replaces the user and password of a URL, keeping host and path', () => {
    expect(redactUrls('https://user:secret@proxy.example/api/')).toBe('https://REDACTED@proxy.example/api/');
    expect(redactUrls('https://secret@proxy.example/api/')).toBe('https://REDACTED@proxy.example/api/');
  });

  it('replaces every query value, keeping the names', () => {
    expect(redactUrls('https://proxy.example/api/?key=abc123&token=xyz&key=again')).toBe(
      'https://proxy.example/api/?key=REDACTED&token=REDACTED&key=REDACTED',
    );
  });

  it('finds URLs inside free text, such as an error message, and leaves plain URLs and other text alone', () => {
    const message =
      'Cannot reach Slack at https://u:p@proxy.example/api/ (Request cannot be constructed from a URL that includes credentials: https://u:p@proxy.example/api/auth.test).';
    expect(redactUrls(message)).toBe(
      'Cannot reach Slack at https://REDACTED@proxy.example/api/ (Request cannot be constructed from a URL that includes credentials: https://REDACTED@proxy.example/api/auth.test).',
    );
    expect(redactUrls('Slack at https://slack.com/api/ said invalid_auth')).toBe(
      'Slack at https://slack.com/api/ said invalid_auth',
    );
    expect(redactUrls('see http://127.0.0.1:3000')).toBe('see http://127.0.0.1:3000');
    expect(redactUrls('no url here: user:secret@host')).toBe('no url here: user:secret@host');
  });

  it('scrubs what it cannot parse, too', () => {
    expect(redactUrls('https://user:se cret@proxy')).toBe('https://user:se cret@proxy');
    expect(redactUrls('http://u:p@[bad/?k=v')).toBe('http://REDACTED@[bad/?REDACTED');
  });
});
