// Publishes a person's App Home tab (views.publish): on app_home_opened, and shortly after an incident that concerns
// them changes (a debounced republish, so a burst of changes costs one call per person).
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { renderAppHome, type HomeData } from '../blocks/render-app-home.ts';
import { nextShift, whoIsOnCall } from '../oncall/who-is-on-call.ts';
import type { Services } from './services.ts';

/** The Home tab's publisher. */
export interface AppHome {
  /** Publishes `userId`'s Home tab now. */
  publish(userId: string): Promise<void>;
  /** Republishes these people's Home tabs after a short quiet spell; failures are logged. */
  refreshSoon(people: readonly string[]): void;
  /** Resolves once no republish is waiting or running (tests wait on it; shutdown drains it). */
  idle(): Promise<void>;
  /** Drops the waiting republishes. */
  stop(): void;
}

/** How long a republish waits for more changes to the same person's incidents. */
export const HOME_REFRESH_DEBOUNCE_MS = 300;

/** The publisher over the services and the bot's client. */
export function appHomeOf(
  services: Services,
  client: WebClient,
  logger: Logger,
  debounceMs = HOME_REFRESH_DEBOUNCE_MS,
): AppHome {
  const waiting = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  const log = logger.child({ component: 'app_home' });

  const publish = async (userId: string): Promise<void> => {
    const view = renderAppHome(await homeDataOf(services, userId));
    await client.views.publish({ user_id: userId, view: view as never });
  };

  return {
    publish,
    refreshSoon(people) {
      for (const userId of people) {
        // Only people (U…/W…) have a Home tab; "detector" and bot ids do not.
        if (!/^[UW][A-Z0-9]+$/.test(userId) || waiting.has(userId)) continue;
        const timer = setTimeout(() => {
          waiting.delete(userId);
          const job = publish(userId)
            .catch((err: unknown) => log.warn({ err, user: userId }, 'could not republish the Home tab'))
            .finally(() => running.delete(job));
          running.add(job);
        }, debounceMs);
        timer.unref();
        waiting.set(userId, timer);
      }
    },
    async idle() {
      while (waiting.size > 0 || running.size > 0) {
        if (running.size > 0) await Promise.all(running);
        else await new Promise((r) => setTimeout(r, debounceMs));
      }
    },
    stop() {
      for (const timer of waiting.values()) clearTimeout(timer);
      waiting.clear();
    },
  };
}

/** What `userId`'s Home tab shows, read through the services. */
export async function homeDataOf(services: Services, userId: string): Promise<HomeData> {
  const now = services.clock();
  const timezone = services.config.timezone;
  // The calendar's shifts (oncall.ical_url) come first, so /oncall set overrides win over them, as /oncall who has it.
  const [inForce, stored, openIncidents, actions, digest] = await Promise.all([
    services.oncall.inForce(now),
    services.oncall.activeOverrides(now),
    services.incidents.list('open', userId),
    services.home?.openActionsOf(userId) ?? [],
    services.home?.latestDigest(),
  ]);
  const overrides = [...inForce.shifts, ...stored];
  const current = whoIsOnCall(inForce.rota, overrides, now, timezone);
  const next = nextShift(inForce.rota, overrides, now, timezone);
  return {
    viewer: userId,
    now,
    timezone,
    openIncidents,
    onCall: {
      ...(current.primary ? { primary: current.primary.userId, until: current.primary.until } : {}),
      ...(current.secondary ? { secondary: current.secondary.userId } : {}),
      ...(next
        ? {
            next: {
              from: next.from,
              ...(next.primary ? { primary: next.primary.userId } : {}),
              ...(next.secondary ? { secondary: next.secondary.userId } : {}),
            },
          }
        : {}),
    },
    actions,
    ...(digest
      ? { digest: { kind: digest.kind, periodStart: digest.periodStart, headline: headlineOf(digest.text) } }
      : {}),
  };
}

// The digest's first line, without its mrkdwn emphasis.
function headlineOf(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return line.replace(/[*_~]/g, '').trim() || '(empty)';
}
