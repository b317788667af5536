// The font chart text is drawn with: resvg draws no text without a font file it can load.
import { existsSync } from 'node:fs';
import { VigilError } from '../errors.ts';

/** A font for chart text: its regular file, an optional bold one (titles), and the family name inside them. */
export interface ChartFont {
  family: string;
  regular: string;
  bold?: string;
}

/** Where common systems keep a sans-serif font; the first that exists wins. Debian/Ubuntu: package fonts-dejavu-core. */
export const FONT_CANDIDATES: readonly ChartFont[] = [
  {
    family: 'DejaVu Sans',
    regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  },
  {
    family: 'DejaVu Sans',
    regular: '/usr/share/fonts/dejavu/DejaVuSans.ttf',
    bold: '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf',
  },
  {
    family: 'DejaVu Sans',
    regular: '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
    bold: '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf',
  },
  {
    family: 'DejaVu Sans',
    regular: '/usr/share/fonts/TTF/DejaVuSans.ttf',
    bold: '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf',
  },
  {
    family: 'Liberation Sans',
    regular: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
    bold: '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  },
  {
    family: 'Noto Sans',
    regular: '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf',
    bold: '/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf',
  },
  {
    family: 'Arial',
    regular: '/System/Library/Fonts/Supplemental/Arial.ttf',
    bold: '/System/Library/Fonts/Supplemental/Arial Bold.ttf',
  },
  { family: 'Arial', regular: '/Library/Fonts/Arial.ttf' },
  { family: 'Arial', regular: 'C:\\Windows\\Fonts\\arial.ttf', bold: 'C:\\Windows\\Fonts\\arialbd.ttf' },
];

/** The first candidate font present on this machine (files that are missing are dropped), or a VigilError saying what to install. */
export function findChartFont(
  candidates: readonly ChartFont[] = FONT_CANDIDATES,
  exists: (path: string) => boolean = existsSync,
): ChartFont {
  for (const c of candidates) {
    if (!exists(c.regular)) continue;
    return c.bold && exists(c.bold) ? c : { family: c.family, regular: c.regular };
  }
  throw new VigilError(
    'vigil_chart_font_missing',
    'No font for chart text was found, so charts would have no title, axis labels or legend.',
    'Install a sans-serif font: `apt-get install fonts-dejavu-core` on Debian/Ubuntu, `apk add font-dejavu` on Alpine, `dnf install dejavu-sans-fonts` on Fedora. Incidents still open without the chart.',
  );
}
