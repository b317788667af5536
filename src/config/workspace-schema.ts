// Schema of vigil.yml, the workspace configuration; later capabilities add their sections here.
import { z } from 'zod';
import { digestSchema } from './digest-schema.ts';
import { escalationSchema } from './escalation-schema.ts';
import { catalogSchema } from './metric-catalog-schema.ts';
import { oncallSchema } from './oncall-schema.ts';
import { rolesSchema } from './roles-schema.ts';
import { scheduleSchema } from './schedule-schema.ts';

const channelName = z
  .string()
  .regex(/^#?[a-z0-9][a-z0-9_-]{0,79}$/, 'a Slack channel name: lowercase letters, digits, - and _, at most 80 characters');

/** Schema of vigil.yml. Unknown keys are errors, so a typo is caught rather than ignored. */
export const workspaceSchema = z
  .object({
    workspace: z.object({ name: z.string().min(1).default('GNE') }).strict().default({ name: 'GNE' }),
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
      })
      .strict()
      .default({ private_channels: false }),
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
  .strict();

/** The validated vigil.yml. */
export type Workspace = z.infer<typeof workspaceSchema>;
