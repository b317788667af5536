// What giving an incident role to a person changes, or why it is refused. Pure; the state machine calls it.
import type { Incident, IncidentRole } from './incident-types.ts';

/** The column each role lives in: the commander is the owner. */
export const ROLE_FIELDS: Record<IncidentRole, 'ownerUserId' | 'commsUserId' | 'scribeUserId'> = {
  commander: 'ownerUserId',
  comms: 'commsUserId',
  scribe: 'scribeUserId',
};

/** How a role reads in a sentence: "the commander". */
export const ROLE_TITLES: Record<IncidentRole, string> = {
  commander: 'incident commander',
  comms: 'comms lead',
  scribe: 'scribe',
};

/** Who holds `role` on the incident (null: nobody). */
export function roleHolder(incident: Incident, role: IncidentRole): string | null {
  return incident[ROLE_FIELDS[role]] ?? null;
}

/** The change and the timeline detail of giving `role` to `userId`, or the refusal (no person, or already theirs). */
export function assignIncidentRole(
  incident: Incident,
  role: IncidentRole,
  userId: string,
):
  | { ok: true; changes: Partial<Incident>; detail: Record<string, unknown> }
  | { ok: false; code: string; message: string; hint: string } {
  const who = userId.trim();
  const ref = `incident #${incident.id}`;
  if (who === '')
    return {
      ok: false,
      code: 'vigil_incident_role_holder_required',
      message: `Giving the ${ROLE_TITLES[role]} role on ${ref} needs a person.`,
      hint: `Mention them, e.g. \`/incident role ${role} @alice\`.`,
    };
  const before = roleHolder(incident, role);
  if (before === who)
    return {
      ok: false,
      code: 'vigil_incident_role_unchanged',
      message: `<@${who}> is already the ${ROLE_TITLES[role]} of ${ref}.`,
      hint: 'Nothing to do. Name someone else to hand the role over.',
    };
  return { ok: true, changes: { [ROLE_FIELDS[role]]: who }, detail: { role, from_user: before, to_user: who } };
}
