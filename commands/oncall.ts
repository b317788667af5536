// /oncall: who is on call now and next, overrides, and the coming shifts.
import { parseOncallSet } from '../src/oncall/parse-oncall-set.ts';
import { isRefusal } from '../src/oncall/refusal.ts';
import { nextShift, schedule, whoIsOnCall } from '../src/oncall/who-is-on-call.ts';
import { formatInZone } from '../src/blocks/format-values.ts';
import { echoInput, renderUsage } from '../src/blocks/render-usage.ts';
import { defineCommand } from '../src/slack/command-module.ts';

const usage = [
  '/oncall who',
  '/oncall set @user [primary|secondary] [until]  (8h, 3d, tomorrow 09:00, 2026-12-01 18:00)',
  '/oncall schedule',
  '/oncall help',
];
const examples = ['/oncall set @dewi 8h', '/oncall set @dewi secondary tomorrow 09:00'];
const who = (id?: string) => (id ? `<@${id}>` : 'nobody');

export default defineCommand({
  name: '/oncall',
  description: 'Who is on call now and next, overrides and the schedule',
  usageHint: 'who | set @user [until] | schedule | help',
  usage,
  examples,
  async handle(ctx) {
    const { config, oncall, audit, clock } = ctx.services;
    const tz = config.timezone;
    const now = clock();
    const [sub = 'who', ...rest] = ctx.text.trim().split(/\s+/).filter(Boolean);
    // The calendar's shifts (oncall.ical_url) come first, so /oncall set overrides win over them.
    const { rota, shifts, source } = await oncall.inForce(now);
    const overrides = [...shifts, ...(await oncall.activeOverrides(now))];
    switch (sub.toLowerCase()) {
      case 'who': {
        const current = whoIsOnCall(rota, overrides, now, tz);
        if (current.notice && source === 'calendar')
          return ctx.respond({
            text: 'Nobody is on call: the on-call calendar (oncall.ical_url) has no shift now. Cover with `/oncall set @someone 8h`.',
          });
        if (current.notice) return ctx.respond({ text: `${current.notice.message} ${current.notice.hint}` });
        const next = nextShift(rota, overrides, now, tz);
        const until = current.primary ? ` until ${formatInZone(current.primary.until, tz)}` : '';
        const lines = [
          `*On call now:* ${who(current.primary?.userId)}${current.primary?.source === 'override' ? ' (override)' : ''}${until}; secondary ${who(current.secondary?.userId)}`,
          next
            ? `*Next:* ${who(next.primary?.userId)} from ${formatInZone(next.from, tz)}; secondary ${who(next.secondary?.userId)}`
            : '*Next:* no further shift configured',
        ];
        return ctx.respond({ text: lines.join('\n') });
      }
      case 'set': {
        const allowed = await ctx.services.authorize('oncall_override', ctx.userId, null);
        if (!allowed.ok) return ctx.respond({ text: `${allowed.message} ${allowed.hint}` });
        const parsed = parseOncallSet(rest.join(' '), now, tz, rota);
        if (isRefusal(parsed))
          return ctx.respond(
            renderUsage({ command: '/oncall', usage, examples, error: `${parsed.message} ${parsed.hint}` }),
          );
        await oncall.addOverride({
          userId: parsed.userId,
          role: parsed.role,
          from: now,
          until: parsed.until,
          setBy: ctx.userId,
        });
        await audit.record(ctx.userId, 'oncall.set', `user:${parsed.userId}`, {
          role: parsed.role,
          until: parsed.until.toISOString(),
        });
        return ctx.respond({
          response_type: 'in_channel',
          text: `<@${ctx.userId}> set ${who(parsed.userId)} as ${parsed.role} on call until ${formatInZone(parsed.until, tz)}.`,
        });
      }
      case 'schedule': {
        const shifts = schedule(rota, overrides, now, 6, tz);
        if (shifts.length === 0)
          return ctx.respond({ text: 'No rota is configured: add oncall.rotation to vigil.yml.' });
        const lines = shifts.map(
          (s) =>
            `${formatInZone(s.from, tz)} – ${formatInZone(s.until, tz)}: ${who(s.primary?.userId)}, secondary ${who(s.secondary?.userId)}`,
        );
        return ctx.respond({ text: ['*On-call schedule*', ...lines].join('\n') });
      }
      case 'help':
        return ctx.respond(renderUsage({ command: '/oncall', usage, examples }));
      default:
        return ctx.respond(
          renderUsage({ command: '/oncall', usage, examples, error: `Unknown subcommand \`${echoInput(sub)}\`.` }),
        );
    }
  },
});
