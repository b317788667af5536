// Chart text sized for Slack: charts laid out at the width Slack displays them, every text at least 11 px there. Pure.

/**
 * The width Slack shows an uploaded image at in a message, in CSS px. Slack does not document it; its file
 * objects carry 360 and 480 px renditions (thumb_360, thumb_480) and the desktop client shows previews about
 * that wide, so we lay charts out for the narrower, 360 px.
 */
export const SLACK_DISPLAY_WIDTH_PX = 360;
/** The smallest text a chart may show, in px as displayed. */
export const MIN_DISPLAYED_FONT_PX = 11;
/** PNG pixels per layout pixel: twice the displayed size stays sharp on high-density screens. */
export const PNG_SCALE = 2;

/** Font sizes in layout px; laid out at SLACK_DISPLAY_WIDTH_PX, these are the displayed sizes. */
export const FONT = { title: 13, panelTitle: 12, text: 11 } as const;

/** Vega-Lite config that sets every text size (Vega's defaults are 10 px) and the font-size-aware label limits. */
export function readableConfig(): Record<string, unknown> {
  return {
    view: { stroke: null },
    title: { fontSize: FONT.title, subtitleFontSize: FONT.text, subtitleColor: '#374151', anchor: 'start' },
    axis: { labelFontSize: FONT.text, titleFontSize: FONT.text, labelColor: '#374151', tickColor: '#9ca3af' },
    legend: { labelFontSize: FONT.text, titleFontSize: FONT.text },
    header: { labelFontSize: FONT.text, titleFontSize: FONT.text },
    text: { fontSize: FONT.text },
  };
}

/**
 * Vega lays text out (and truncates it at a limit) by an estimate of 0.8 em per character, wider than the
 * glyphs drawn; the characters of `fontSize` that fit in `px` by that estimate.
 */
export function charsThatFit(px: number, fontSize: number): number {
  return Math.floor(px / (0.8 * fontSize));
}

/** `text` broken at spaces into lines of at most `maxChars` (a longer word stays whole and is truncated by the limit). */
export function wrapText(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
