// An incident number as typed or carried by a button, read strictly so that nothing else reaches a query.

/** The incident number in `text` (`12` or `#12`), or undefined unless it is a positive whole number PostgreSQL can hold. */
export function parseIncidentId(text: string | undefined): number | undefined {
  const m = /^#?0*([1-9]\d*)$/.exec(text ?? '');
  const id = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(id) ? id : undefined;
}
