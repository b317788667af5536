// What a run keeps so it can say its window and parameters for people: each parameter's type, and the incident
// whose card's window it ran on. Pure.
import type { ParamSpec, Playbook } from './playbook-schema.ts';
import type { IncidentContext } from './playbook-service-types.ts';
import type { PlaybookRunResult } from './run-types.ts';

/** The type of each parameter of `playbook`, kept on a run so it prints without the playbook file. */
export function paramTypesOf(playbook: Pick<Playbook, 'params'>): Record<string, ParamSpec['type']> {
  return Object.fromEntries(Object.entries(playbook.params).map(([k, s]) => [k, s.type]));
}

/** Where a run's window came from: the incident whose card it matches. */
export function windowSourceOf(incident: IncidentContext): NonNullable<PlaybookRunResult['windowSource']> {
  const card = incident.card ?? incident;
  return {
    incidentId: incident.incidentId,
    windowStart: card.windowStart.toISOString(),
    windowEnd: card.windowEnd.toISOString(),
  };
}
