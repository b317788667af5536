// The words the number check reads after or before a figure in each language besides English: the unit
// words of UNIT_WORDS plus the variants people (and models) write, scale words, "about" words and the
// words that introduce a time of day. English keeps its own patterns in figure-patterns.ts. Pure.
import { UNIT_WORDS, type Locale } from '../i18n/locales.ts';

/** Words by what they make of the figure before them. */
export interface FigureWords {
  points: string[];
  minutes: string[];
  hours: string[];
  days: string[];
  /** Multipliers written after a number ("1,2 juta"). */
  scale: Record<string, number>;
  /** Words before a figure that make it approximate. */
  approx: string[];
  /** Words between a date and its time of day ("2 Jun pukul 14.00"). */
  at: string[];
  /** Words naming an incident right before its number ("insiden 12"); never in Thai, which counts "incident 3 times". */
  incident: string[];
}

// What every language also reads: the English abbreviations drafts keep, and dollars before or after.
const COMMON: Omit<FigureWords, 'incident'> = {
  points: ['pp', 'pt', 'pts', 'point', 'points', 'percentage point', 'percentage points'],
  minutes: ['min', 'mins', 'minute', 'minutes'],
  hours: ['h', 'hr', 'hrs', 'hour', 'hours'],
  days: ['d', 'day', 'days'],
  scale: { k: 1e3, K: 1e3, M: 1e6, B: 1e9, bn: 1e9 },
  approx: ['~', '≈', 'about', 'around', 'roughly', 'approximately', 'nearly', 'almost'],
  at: ['at'],
};

type Extra = Partial<Omit<FigureWords, 'incident'>> & { incident: string[] };

const EXTRA: Record<Exclude<Locale, 'en'>, Extra> = {
  id: {
    points: ['poin', 'persen poin', 'poin persentase'],
    minutes: ['menit', 'mnt'],
    scale: { ribu: 1e3, rb: 1e3, juta: 1e6, jt: 1e6, miliar: 1e9 },
    approx: ['sekitar', 'kira-kira', 'kurang lebih', 'hampir'],
    at: ['pukul', 'pkl.', 'jam', 'pada'],
    incident: ['insiden'],
  },
  ms: {
    points: ['mata peratusan', 'poin'],
    scale: { ribu: 1e3, juta: 1e6, bilion: 1e9 },
    approx: ['kira-kira', 'lebih kurang', 'sekitar', 'hampir', 'anggaran'],
    at: ['pukul', 'jam', 'pada'],
    incident: ['insiden'],
  },
  th: {
    points: ['จุดเปอร์เซ็นต์'],
    hours: ['ชม.'],
    scale: { พัน: 1e3, ล้าน: 1e6 },
    approx: ['ประมาณ', 'เกือบ', 'ราว'],
    at: ['เวลา'],
    incident: [],
  },
  vi: {
    points: ['điểm phần trăm'],
    hours: ['tiếng'],
    scale: { nghìn: 1e3, ngàn: 1e3, triệu: 1e6, tỷ: 1e9 },
    approx: ['khoảng', 'gần', 'xấp xỉ', 'chừng'],
    at: ['lúc', 'vào lúc'],
    incident: ['sự cố'],
  },
  fil: {
    points: ['punto'],
    minutes: ['minutos'],
    scale: { libo: 1e3, milyon: 1e6 },
    approx: ['mga', 'humigit-kumulang', 'halos', 'tinatayang'],
    at: ['alas', 'nang'],
    incident: ['insidente'],
  },
};

/** The words the number check reads in `locale` (not English). */
export function figureWords(locale: Exclude<Locale, 'en'>): FigureWords {
  const own = UNIT_WORDS[locale];
  const extra = EXTRA[locale];
  const list = (key: 'points' | 'minutes' | 'hours' | 'days' | 'approx' | 'at', word?: string) => [
    ...new Set([...(word ? [word] : []), ...(extra[key] ?? []), ...COMMON[key]]),
  ];
  return {
    points: list('points', own.points),
    minutes: list('minutes', own.minutes),
    hours: list('hours', own.hours),
    days: list('days', own.days),
    scale: { ...COMMON.scale, ...extra.scale },
    approx: list('approx'),
    at: list('at'),
    incident: ['incident', ...extra.incident],
  };
}
