// Counts the words a reader meets before the digest's scorecard (its header, freshness line and what needs
// attention): the "30-second read" measure, shared by the renderer's test and the digest bench.
import type { KnownBlock } from '@slack/types';

function textsOf(block: unknown): string[] {
  if (!block || typeof block !== 'object') return [];
  const b = block as { text?: { text?: string }; elements?: unknown[]; fields?: unknown[] };
  const own = b.text?.text ? [b.text.text] : [];
  return [...own, ...(b.elements ?? []).flatMap(textsOf), ...(b.fields ?? []).flatMap(textsOf)];
}

/** Words (tokens holding a letter or digit) in the blocks before the first one that opens the scorecard. */
export function wordsBeforeScorecard(blocks: KnownBlock[], scorecardTitle = '*Scorecard'): number {
  const at = blocks.findIndex((b) => textsOf(b).some((t) => t.startsWith(scorecardTitle)));
  return blocks
    .slice(0, at < 0 ? blocks.length : at)
    .flatMap(textsOf)
    .join(' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}
