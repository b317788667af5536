// Schema of vigil.yml, the workspace configuration; later capabilities add their sections here.
import { z } from 'zod';
import { digestSchema } from './digest-schema.ts';
import { escalationSchema } from './escalation-schema.ts';
import { DEFAULT_INCIDENT_REPAIR, incidentRepairSchema } from './incident-repair-schema.ts';
import { catalogSchema } from '../metrics/metric-catalog-schema.ts';
import { oncallSchema } from './oncall-schema.ts';
import { rolesSchema } from './roles-schema.ts';
import { scheduleSchema } from './schedule-schema.ts';
import { DEFAULT_UPDATE_CADENCE } from '../incidents/next-update.ts';
import { demoCatalog } from '../metrics/load-catalog.ts';

const channelName = z
  .string()
  .regex(
    /^#?[a-z0-9][a-z0-9_-]{0,79}$/,
    'a Slack channel name: lowercase letters, digits, - and _, at most 80 characters',
  );

/** How recently resolved an incident is reopened rather than a new one opened, when vigil.yml does not say. */
export const DEFAULT_REOPEN_WITHIN = '24h';

/** Schema of vigil.yml. Unknown keys are errors, so a typo is caught rather than ignored. */
const updateMinutes = z
  .number()
  .int()
  .min(5, 'an update cadence is at least 5 minutes')
  .max(10_080, 'an update cadence is at most a week (10080 minutes)');

export const workspaceSchema = z
  .object({
    workspace: z
      .object({ name: z.string().min(1).default('GNE') })
      .strict()
      .default({ name: 'GNE' }),
    channels: z
      .object({
        alerts: channelName.default('gne-alerts'),
        managers: channelName.default('gne-digest'),
        escalation: channelName.default('gne-escalation'),
      })
      .strict()
      .default({ alerts: 'gne-alerts', managers: 'gne-digest', escalation: 'gne-escalation' }),
    incidents: z
      .object({
        // Private incident channels need the groups:write scope (manifest.yml).
        private_channels: z.boolean().default(false),
        // Minutes between status updates by severity (none for a severity left out); `/incident update ... next=` overrides.
        update_every_minutes: z
          .object({ 1: updateMinutes, 2: updateMinutes, 3: updateMinutes, 4: updateMinutes })
          .partial()
          .strict()
          .default({ ...DEFAULT_UPDATE_CADENCE }),
        repair: incidentRepairSchema,
        // An anomaly that would open a problem resolved this recently (same metric, related slice) reopens it.
        reopen_within: z
          .string()
          .regex(/^\d+(m|h|d)$/, 'a duration such as 90m, 24h or 2d')
          .default(DEFAULT_REOPEN_WITHIN),
        // A message in an incident channel marked with this reaction (or pinned) goes on the incident's timeline.
        timeline_emoji: z
          .string()
          .transform((name) => name.replace(/^:|:$/g, ''))
          .pipe(z.string().regex(/^[a-z0-9_+'-]+$/, 'an emoji name such as pushpin or :round_pushpin:'))
          .default('pushpin'),
      })
      .strict()
      .default({
        reopen_within: DEFAULT_REOPEN_WITHIN,
        timeline_emoji: 'pushpin',
        private_channels: false,
        update_every_minutes: { ...DEFAULT_UPDATE_CADENCE },
        repair: { ...DEFAULT_INCIDENT_REPAIR },
      }),
    oncall: oncallSchema,
    escalation: escalationSchema,
    roles: rolesSchema,
    schedule: scheduleSchema,
    digest: digestSchema,
    // Left out: the demo marketplace's catalog (the metrics section of the vigil.yml shipped with vigil).
    metrics: catalogSchema.optional(),
    demo: z
      .object({
        seed_on_start: z.boolean().default(true),
        days: z.number().int().min(35).max(730).default(120),
        seed: z.number().int().min(0).default(1),
      })
      .strict()
      .default({ seed_on_start: true, days: 120, seed: 1 }),
  })
  .strict()
  .superRefine((w, ctx) => {
    // Scorecard ids must name catalog metrics (vigil.yml's, else the shipped demo catalog).
    const known = (w.metrics ?? demoCatalog()).map((m) => m.id);
    w.digest.scorecard?.forEach((id, i) => {
      if (!known.includes(id))
        ctx.addIssue({
          code: 'custom',
          path: ['digest', 'scorecard', i],
          message: `there is no metric "${id}" in the catalog; use one of ${known.join(', ')}`,
        });
    });
  });

/** The validated vigil.yml. */
export type Workspace = z.infer<typeof workspaceSchema>;
