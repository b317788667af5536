// A metric's title in a summary language, from the catalog's title map (title: {en: ..., id: ...}). Pure.
import type { Locale } from './locales.ts';

/** The metric's title in this language, or its English title when the catalog gives none in it. */
export function metricTitleIn(
  metric: { title: string; titles?: Partial<Record<Locale, string>> },
  locale: Locale,
): string {
  return metric.titles?.[locale] ?? metric.title;
}
