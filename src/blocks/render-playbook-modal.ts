// The Home tab's "Run playbook" modal: a playbook, its parameters as key=value, and the channel for the results. Pure.
import { modalView } from './modal-view.ts';
import { splitKeyValues, tokenize } from './tokenize-command.ts';
import type { ViewValues } from './render-declare-modal.ts';

/** The modal's callback_id. */
export const PLAYBOOK_VIEW = 'home_playbook_view';

// A static select holds up to 100 options, each text up to 75 characters (docs.slack.dev/reference/block-kit/block-elements).
const OPTIONS_MAX = 100;

/** A playbook the modal offers. */
export interface PlaybookChoice {
  id: string;
  title: string;
  params: string[];
}

/** What a submitted modal asks to run. */
export interface PlaybookForm {
  playbookId: string;
  given: Record<string, string>;
  channelId: string;
}

/** The modal over the loaded playbooks. */
export function renderPlaybookModal(playbooks: readonly PlaybookChoice[]): Record<string, unknown> {
  const params = playbooks
    .filter((p) => p.params.length > 0)
    .slice(0, 5)
    .map((p) => `${p.id}: ${p.params.join(', ')}`)
    .join('; ');
  return modalView({
    callbackId: PLAYBOOK_VIEW,
    title: 'Run playbook',
    submit: 'Run',
    blocks: [
      {
        type: 'input',
        block_id: 'playbook',
        label: { type: 'plain_text', text: 'Playbook' },
        element: {
          type: 'static_select',
          action_id: 'playbook',
          options: playbooks.slice(0, OPTIONS_MAX).map((p) => ({
            text: { type: 'plain_text', text: clip(`${p.title} (${p.id})`) },
            value: p.id,
          })),
        },
      },
      {
        type: 'input',
        block_id: 'params',
        optional: true,
        label: { type: 'plain_text', text: 'Parameters' },
        ...(params ? { hint: { type: 'plain_text', text: clip(params, 150) } } : {}),
        element: {
          type: 'plain_text_input',
          action_id: 'params',
          placeholder: { type: 'plain_text', text: 'city=jakarta window=7d' },
        },
      },
      {
        type: 'input',
        block_id: 'channel',
        label: { type: 'plain_text', text: 'Post the results in' },
        element: { type: 'conversations_select', action_id: 'channel', filter: { include: ['public', 'private'] } },
      },
    ],
  });
}

/** Reads a submitted modal, or the errors to show beside its fields. */
export function readPlaybookForm(
  values: ViewValues & Record<string, Record<string, { selected_conversation?: string | null } | undefined>>,
): { ok: true; form: PlaybookForm } | { ok: false; errors: Record<string, string> } {
  const playbookId = values.playbook?.playbook?.selected_option?.value ?? '';
  const channelId = values.channel?.channel?.selected_conversation ?? '';
  const { positional, options, problems } = splitKeyValues(tokenize(values.params?.params?.value ?? ''));
  const errors: Record<string, string> = {};
  if (!playbookId) errors.playbook = 'Pick a playbook.';
  if (!channelId) errors.channel = 'Pick where the results go.';
  if (problems.length > 0 || positional.length > 0)
    errors.params = 'Give parameters as key=value, e.g. city=jakarta; quote a value with spaces whole.';
  return Object.keys(errors).length > 0
    ? { ok: false, errors }
    : { ok: true, form: { playbookId, given: options, channelId } };
}

function clip(text: string, max = 75): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
