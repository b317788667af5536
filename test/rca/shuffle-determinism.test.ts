// The same cells in any row order give the same causes (issue 13): seeded shuffles of real-shaped cubes.
import { describe, expect, it } from 'vitest';
import { localizeRootCauses } from '../../src/rca/localize-root-causes.ts';
import type { RcaAdditiveLeaf, RcaInput, RcaRatioLeaf } from '../../src/rca/rca-types.ts';
import { seededRandom, shuffledInput } from '../../bench/rca-datasets.ts';

const SHUFFLES = 20;
const CITIES = Array.from({ length: 19 }, (_, i) => `city-${String(i + 1).padStart(2, '0')}`);
const PARTNERS = Array.from({ length: 10 }, (_, i) => `partner-${i}`);
const MOVED = ['city-02', 'city-05', 'city-08', 'city-11', 'city-14', 'city-17'];

// A day of redemption success by city x partner (190 leaves): six cities fall from about 97% to about 80%.
// `exactTies` gives the six cities identical volumes and rates, so their gains tie exactly.
function cityPartnerCube(seed: number, exactTies: boolean): RcaInput {
  const random = seededRandom(seed);
  const leaves: RcaRatioLeaf[] = [];
  for (const city of CITIES)
    for (const partner of PARTNERS) {
      const moved = MOVED.includes(city);
      const den = exactTies && moved ? 400 : moved ? 350 + Math.round(random() * 100) : 50 + Math.round(random() * 600);
      const expectedDen = exactTies && moved ? 400 : den + Math.round((random() - 0.5) * 40);
      const rate = moved ? 0.8 : 0.97;
      const jitter = exactTies && moved ? 0 : (random() - 0.5) * 0.02;
      leaves.push({
        values: [city, partner],
        num: Math.round((rate + jitter) * den),
        den,
        expectedNum: Math.round((0.97 + (exactTies && moved ? 0 : (random() - 0.5) * 0.02)) * expectedDen),
        expectedDen,
      });
    }
  return { dims: ['city', 'partner'], measure: { kind: 'ratio' }, leaves };
}

// Orders by vendor x language x channel (additive): one vendor's tickets double.
function vendorCube(seed: number): RcaInput {
  const random = seededRandom(seed);
  const leaves: RcaAdditiveLeaf[] = [];
  for (const vendor of ['vendor-a', 'vendor-b', 'vendor-c', 'vendor-d'])
    for (const language of ['en', 'id', 'th', 'vi', 'ms'])
      for (const channel of ['chat', 'email', 'phone']) {
        const expected = 20 + Math.round(random() * 80);
        const actual = Math.round(expected * (vendor === 'vendor-c' ? 2 : 1 + (random() - 0.5) * 0.1));
        leaves.push({ values: [vendor, language, channel], actual, expected });
      }
  return { dims: ['vendor', 'language', 'channel'], measure: { kind: 'additive' }, leaves };
}

function causesOf(input: RcaInput): string {
  return JSON.stringify(localizeRootCauses(input));
}

describe('localizeRootCauses is independent of row order', () => {
  const cases: Array<[string, RcaInput]> = [
    ['city x partner, six cities moved', cityPartnerCube(1, false)],
    ['city x partner, six cities tied exactly', cityPartnerCube(2, true)],
    ['vendor x language x channel, additive', vendorCube(3)],
  ];
  for (const [name, input] of cases) {
    it(`${name}: identical causes over ${SHUFFLES} shuffles`, () => {
      const want = causesOf(input);
      for (let seed = 1; seed <= SHUFFLES; seed++) expect(causesOf(shuffledInput(input, seed))).toBe(want);
    });
  }

  it('names the six moved cities whatever the order, ties included', () => {
    for (const input of [cityPartnerCube(1, false), cityPartnerCube(2, true)]) {
      for (let seed = 0; seed <= 5; seed++) {
        const rows = seed === 0 ? input : shuffledInput(input, seed);
        const named = localizeRootCauses(rows).map((c) => c.elements.city ?? '');
        expect([...named].sort()).toEqual(MOVED);
      }
    }
  });
});
