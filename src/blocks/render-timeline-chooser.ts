// The "Add to incident timeline" chooser: a modal picking one of the open incidents for a message. Pure.
import type { Incident } from '../incidents/incident-types.ts';
import { messageMetadata, type DeclareSource } from './render-declare-modal.ts';
import { modalView } from './modal-view.ts';

/** The chooser's callback_id. */
export const TIMELINE_CHOOSER_VIEW = 'incident_timeline_chooser_view';

// A static select holds up to 100 options, each text up to 75 characters (docs.slack.dev/reference/block-kit/block-elements).
const OPTIONS_MAX = 100;
const OPTION_TEXT_MAX = 75;

/** The message to add, carried in the modal's private_metadata. */
export type TimelineCandidate = DeclareSource;

/** The chooser over `incidents` (newest first as listed) for `message`. */
export function renderTimelineChooser(
  incidents: readonly Incident[],
  message: TimelineCandidate,
): Record<string, unknown> {
  const options = incidents.slice(0, OPTIONS_MAX).map((i) => ({
    text: { type: 'plain_text', text: clip(`#${i.id} SEV${i.severity} ${i.title}`) },
    value: String(i.id),
  }));
  return modalView({
    callbackId: TIMELINE_CHOOSER_VIEW,
    title: 'Add to timeline',
    submit: 'Add',
    metadata: messageMetadata(message),
    blocks: [
      {
        type: 'input',
        block_id: 'incident',
        label: { type: 'plain_text', text: 'Which incident' },
        element: { type: 'static_select', action_id: 'incident', options },
      },
    ],
  });
}

function clip(text: string): string {
  return text.length <= OPTION_TEXT_MAX ? text : `${text.slice(0, OPTION_TEXT_MAX - 1)}…`;
}
