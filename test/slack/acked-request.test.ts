import { describe, expect, it } from 'vitest';
import { ackedRequestOf, unfinishedText } from '../../src/slack/acked-request.ts';

describe('what vigil tells the user of an acked request it did not finish', () => {
  it('names a command by its text (cut at 80 characters) and says whether anything was done', () => {
    const request = ackedRequestOf({
      command: '/incident',
      text: 'new Refund spike sev=2',
      response_url: 'https://hooks.slack.com/x',
    });
    expect(request).toEqual({
      what: '`/incident new Refund spike sev=2`',
      check: '`/incident list` and the alerts channel',
      responseUrl: 'https://hooks.slack.com/x',
    });
    expect(unfinishedText(request, false)).toBe(
      'vigil restarted before it could run `/incident new Refund spike sev=2`; nothing was done. Try again in a minute.',
    );
    expect(unfinishedText(request, true)).toMatch(
      /^vigil stopped while doing `\/incident new Refund spike sev=2`; it may be partly done\. Check `\/incident list`/,
    );
    expect(ackedRequestOf({ command: '/metrics', text: 'show '.repeat(8000) }).what).toHaveLength(83);
  });

  it('names a click by its button', () => {
    const click = ackedRequestOf({
      type: 'block_actions',
      actions: [{ action_id: 'incident_ack', text: { text: 'Acknowledge' } }],
    });
    expect(click).toEqual({ what: 'your click on Acknowledge', check: 'the message you clicked' });
    expect(ackedRequestOf({ type: 'block_actions' }).what).toBe('your click');
  });
});
