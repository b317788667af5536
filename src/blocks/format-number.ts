// How playbook text prints numbers, so the number check can read them back. Pure.

/** pct: a ratio as a percentage; int: rounded with separators; num: up to 3 significant decimals; usd: dollars. */
export type NumberFormat = 'pct' | 'int' | 'num' | 'usd';

const cache = new Map<string, Intl.NumberFormat>();
function fmt(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat('en-US', options)));
  return f;
}

/** `n` in the given format. */
export function formatNumber(n: number, format: NumberFormat = 'num'): string {
  if (!Number.isFinite(n)) return 'n/a';
  switch (format) {
    case 'pct': {
      const p = n * 100;
      return `${fmt(Math.abs(p) < 10 ? 'pct2' : 'pct1', { maximumFractionDigits: Math.abs(p) < 10 ? 2 : 1 }).format(p)}%`;
    }
    case 'int':
      return fmt('int', { maximumFractionDigits: 0 }).format(n);
    case 'usd':
      return `$${fmt('usd', { maximumFractionDigits: Math.abs(n) < 100 ? 2 : 0 }).format(n)}`;
    default:
      return fmt(Math.abs(n) >= 100 ? 'num0' : 'num3', { maximumFractionDigits: Math.abs(n) >= 100 ? 0 : 3 }).format(n);
  }
}

/** A value in its unit: a ratio as a percentage, minutes with "min", money as dollars, else a number. */
export function formatInUnit(n: number, unit: string | undefined): string {
  if (unit === 'ratio') return formatNumber(n, 'pct');
  if (unit === 'currency') return formatNumber(n, 'usd');
  if (unit === 'minutes') return `${formatNumber(n, 'num')} min`;
  if (unit === 'count') return formatNumber(n, 'int');
  return formatNumber(n, 'num');
}
