// A slash command typed in the local workspace is escaped as Slack escapes one with should_escape.
import { describe, expect, it } from 'vitest';
import { escapeMentions } from '../../src/local/local-interaction-parts.ts';

describe('escapeMentions', () => {
  const users = [
    { id: 'U0LRESP', name: 'Ria (responder)', role: 'responder' },
    { id: 'U0LADMIN', name: 'Ade (admin)', role: 'admin' },
  ];
  it('turns @name of a local person into a member-id mention and leaves the rest', () => {
    expect(escapeMentions('set @Ade 8h', users)).toBe('set <@U0LADMIN|ade> 8h');
    expect(escapeMentions('set @ria secondary', users)).toBe('set <@U0LRESP|ria> secondary');
    expect(escapeMentions('set @dewi, mail a@b, <@U0LRESP>', users)).toBe('set @dewi, mail a@b, <@U0LRESP>');
  });
});
