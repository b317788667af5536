// What the incident service does in Slack (set-up, card, channel posts), and the notifier that does nothing when Slack is off.
import type { IncidentSetup } from './incident-setup-store.ts';
import type { Incident } from './incident-types.ts';

/** The incident service's Slack side; a failed Slack call is reported by the notifier, never thrown. */
export interface IncidentNotifier {
  /** False when nothing is set up in Slack: opens claim no set-up then, and there is none to repair. */
  readonly setsUpChannels: boolean;
  /** Does whatever of the set-up is missing; `whole` once the channel, the pinned card and the alerts notice all exist. */
  setUp(incident: Incident, setup: IncidentSetup): Promise<{ incident: Incident; whole: boolean }>;
  /** Tells the opener that an incident whose set-up did not finish at first is whole now, after `tries` runs. */
  tellOpenerSetUp(incident: Incident, tries: number): Promise<void>;
  /** Re-renders the pinned card in place (never reposts it). */
  refreshCard(incident: Incident): Promise<void>;
  /** Says `text` in the incident's channel, when it has one. */
  say(incident: Incident, text: string): Promise<void>;
  /** Sets the channel's topic to the incident's severity, status and title. */
  updateTopic(incident: Incident): Promise<void>;
}

/** The notifier when Slack is off: incidents are recorded in the database only, and nothing is said anywhere. */
export const silentNotifier: IncidentNotifier = {
  setsUpChannels: false,
  setUp: async (incident) => ({ incident, whole: true }),
  tellOpenerSetUp: async () => {},
  refreshCard: async () => {},
  say: async () => {},
  updateTopic: async () => {},
};
