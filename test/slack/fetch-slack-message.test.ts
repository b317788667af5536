// Reading one marked message from Slack: from the channel's history, else (a thread reply) from its thread.
import { describe, expect, it } from 'vitest';
import { testConfig } from '../helpers/command-context.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { createSlackClient } from '../../src/slack/build-slack-app.ts';
import { fetchSlackMessage, messageOf } from '../../src/slack/fetch-slack-message.ts';
import { isolateSlack, nockSlack, type SlackCall } from '../helpers/nock-slack.ts';

describe('fetchSlackMessage', () => {
  const calls: SlackCall[] = [];
  isolateSlack(calls);
  const client = () => createSlackClient(testConfig(), createLogger({ level: 'silent' }));

  it('falls back to conversations.replies for a reply, and says undefined when Slack has no such message', async () => {
    nockSlack(calls, {
      'conversations.history': () => [200, { ok: true, messages: [{ ts: '1.000100', user: 'U0A', text: 'parent' }] }],
      'conversations.replies': (_n, body) =>
        body.ts === '1.000200'
          ? [
              200,
              {
                ok: true,
                messages: [
                  { ts: '1.000100', user: 'U0A', text: 'parent' },
                  { ts: '1.000200', bot_id: 'B0BOT', text: '  reply  ' },
                ],
              },
            ]
          : [200, { ok: true, messages: [] }],
    });
    expect(await fetchSlackMessage(client(), 'C0INC', '1.000200')).toEqual({
      ts: '1.000200',
      author: 'B0BOT',
      text: 'reply',
    });
    expect(calls.map((c) => [c.method, c.body.latest, c.body.oldest])).toEqual([
      ['conversations.history', '1.000200', '1.000200'],
      ['conversations.replies', '1.000200', '1.000200'],
    ]);
    expect(await fetchSlackMessage(client(), 'C0INC', '1.000300')).toBeUndefined();
  });

  it('names a message without text by what it holds', () => {
    expect(messageOf({ user: 'U0A', text: '', files: [{}] }, '1.1')).toEqual({
      ts: '1.1',
      author: 'U0A',
      text: '(a file)',
    });
    expect(messageOf({}, '1.1')).toEqual({ ts: '1.1', author: 'unknown', text: '(no text)' });
  });
});
