// The demo marketplace's partners: CS and moderation vendors, POS integrations and payment methods.

/** An outsourced customer-service or moderation vendor. */
export interface Vendor {
  id: number;
  slug: string;
  name: string;
  kind: 'cs' | 'moderation';
  site: string;
  usdPerAgentHour: number;
  /** Average handling seconds per contact (ticket or case). */
  handleSec: number;
}

/** The vendors; slugs are what slices and labels name. */
export const VENDORS: readonly Vendor[] = [
  {
    id: 1,
    slug: 'vendor-a',
    name: 'Vendor A (Manila)',
    kind: 'cs',
    site: 'manila-1',
    usdPerAgentHour: 9,
    handleSec: 420,
  },
  {
    id: 2,
    slug: 'vendor-b',
    name: 'Vendor B (Jakarta)',
    kind: 'cs',
    site: 'jakarta-1',
    usdPerAgentHour: 7,
    handleSec: 460,
  },
  {
    id: 3,
    slug: 'vendor-c',
    name: 'Vendor C (Bangkok)',
    kind: 'cs',
    site: 'bangkok-1',
    usdPerAgentHour: 8,
    handleSec: 440,
  },
  {
    id: 4,
    slug: 'vendor-d',
    name: 'Vendor D (Kuala Lumpur)',
    kind: 'moderation',
    site: 'kuala-lumpur-1',
    usdPerAgentHour: 6,
    handleSec: 90,
  },
  {
    id: 5,
    slug: 'vendor-e',
    name: 'Vendor E (Ho Chi Minh City)',
    kind: 'moderation',
    site: 'ho-chi-minh-city-1',
    usdPerAgentHour: 5.5,
    handleSec: 100,
  },
];

/** Languages handled anywhere in the marketplace. */
export const LANGUAGES = ['en', 'id', 'th', 'ms', 'tl', 'vi', 'zh'] as const;

/** Language names for causes and messages. */
export const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  en: 'English',
  id: 'Bahasa Indonesia',
  th: 'Thai',
  ms: 'Malay',
  tl: 'Tagalog',
  vi: 'Vietnamese',
  zh: 'Chinese',
};

/** Which CS vendor answers tickets in a language, with the share each takes. */
export const CS_ROUTING: Readonly<Record<string, readonly (readonly [number, number])[]>> = {
  en: [
    [1, 0.6],
    [2, 0.4],
  ],
  tl: [[1, 1]],
  zh: [[1, 1]],
  id: [[2, 1]],
  ms: [[2, 1]],
  th: [[3, 1]],
  vi: [[3, 1]],
};

/** Which moderation vendor reviews content in a language, with the share each takes. */
export const MODERATION_ROUTING: Readonly<Record<string, readonly (readonly [number, number])[]>> = {
  en: [
    [4, 0.7],
    [5, 0.3],
  ],
  id: [
    [4, 0.5],
    [5, 0.5],
  ],
  ms: [[4, 1]],
  tl: [[4, 1]],
  zh: [[4, 1]],
  th: [[5, 1]],
  vi: [[5, 1]],
};

/** Every (vendor, language) pair a vendor staffs, in a fixed order. */
export function vendorLanguagePairs(): { vendor: Vendor; language: string }[] {
  const out: { vendor: Vendor; language: string }[] = [];
  for (const vendor of VENDORS) {
    const routing = vendor.kind === 'cs' ? CS_ROUTING : MODERATION_ROUTING;
    for (const language of LANGUAGES) {
      if (routing[language]?.some(([id]) => id === vendor.id)) out.push({ vendor, language });
    }
  }
  return out;
}

/** A POS integration that redeems vouchers at the merchant (fictional names). */
export interface PosIntegration {
  slug: string;
  baseFailure: number;
  /** Adoption by merchant tier: long_tail, mid, key_account. */
  byTier: readonly [number, number, number];
}

/** The POS integrations; `app-scan` is the marketplace's own QR scanner app. */
export const POS_INTEGRATIONS: readonly PosIntegration[] = [
  { slug: 'app-scan', baseFailure: 0.008, byTier: [0.62, 0.3, 0.1] },
  { slug: 'tillnow', baseFailure: 0.012, byTier: [0.14, 0.3, 0.45] },
  { slug: 'posmart', baseFailure: 0.016, byTier: [0.12, 0.25, 0.35] },
  { slug: 'qrdesk', baseFailure: 0.022, byTier: [0.12, 0.15, 0.1] },
];

/** Merchant tiers, smallest first. */
export const TIERS = ['long_tail', 'mid', 'key_account'] as const;

/** Payment methods, in the order of PAYMENT_MIX weights. */
export const PAYMENT_METHODS = ['card', 'ewallet', 'bank_transfer', 'paylater'] as const;
/** How each market pays. */
export const PAYMENT_MIX: Readonly<Record<string, readonly number[]>> = {
  SG: [0.6, 0.25, 0.05, 0.1],
  ID: [0.15, 0.55, 0.2, 0.1],
  TH: [0.3, 0.45, 0.2, 0.05],
  MY: [0.4, 0.4, 0.15, 0.05],
  PH: [0.25, 0.55, 0.1, 0.1],
  VN: [0.2, 0.5, 0.25, 0.05],
};
