// The canonical text of a slice, used as a key in anomalies, incidents and mutes.

/** "category=spa,city=jakarta": sorted keys; "" for the whole market. */
export function sliceKey(slice: Readonly<Record<string, string>>): string {
  return Object.keys(slice)
    .sort()
    .map((k) => `${k}=${slice[k]}`)
    .join(',');
}

/** "city=jakarta category=spa" for people; "all" for the whole market. */
export function describeSlice(slice: Readonly<Record<string, string>>): string {
  const keys = Object.keys(slice);
  return keys.length === 0 ? 'all' : keys.map((k) => `${k}=${slice[k]}`).join(' ');
}
