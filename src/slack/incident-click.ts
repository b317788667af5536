// What the clicker of an incident card button is told when the click cannot be done.
import { databaseUnavailableText, isDatabaseUnavailable } from '../db/database-unavailable.ts';
import { VigilError } from '../errors.ts';
import { escapeMrkdwn } from '../blocks/block-limits.ts';
import { echoInput } from '../blocks/render-usage.ts';

/** The ephemeral answer to a button whose value is not an incident number; nothing was queried or changed. */
export function badClickValueText(value: string | undefined): string {
  const shown = value === undefined ? 'nothing' : `"${escapeMrkdwn(echoInput(value))}"`;
  return (
    `That button does not name an incident (it carries ${shown}), so nothing was done (vigil_action_value_invalid). ` +
    'It may come from an old or edited message: use `/incident list` and `/incident ack <id>` instead.'
  );
}

/** The ephemeral answer to a failed click on incident #id: a database outage, the missing incident, a VigilError's own words, or a generic line. */
export function clickFailureText(
  err: unknown,
  id: number,
  generic = 'That did not work; it is logged. Try again, or use `/incident` in the channel.',
): string {
  if (isDatabaseUnavailable(err)) return databaseUnavailableText();
  if (err instanceof VigilError && err.code === 'vigil_incident_not_found') {
    return `Incident #${id} does not exist (it may have been deleted); \`/incident list\` shows the open ones (vigil_incident_not_found).`;
  }
  if (err instanceof VigilError) return `${err.message} ${err.hint} (${err.code})`;
  return generic;
}
