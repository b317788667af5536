// The demo warehouse's tables (orders, merchants, reviews, tickets, moderation and vendor shifts, with a few denormalised columns) and indexes.

/** How a column's values travel to the database in a bulk insert (see bulk-insert.ts). */
export type WireType = 'int' | 'text' | 'ts' | 'num' | 'bool' | 'inet' | 'hex' | 'secs';

/** One table the generators fill: its columns as [name, SQL type, wire type] and its key. */
export interface TableSpec {
  name: string;
  columns: readonly (readonly [string, string, WireType])[];
  primaryKey: string;
}

const ts = 'timestamptz';
const money = 'numeric(12,2)';

/** The tables written in bulk, in the order they are created. */
export const TABLES = {
  cities: {
    name: 'cities',
    primaryKey: 'city_id',
    columns: [
      ['city_id', 'int', 'int'],
      ['slug', 'text', 'text'],
      ['name', 'text', 'text'],
      ['market', 'char(2)', 'text'],
      ['timezone', 'text', 'text'],
      ['currency', 'char(3)', 'text'],
      ['usd_per_unit', 'numeric', 'num'],
    ],
  },
  vendors: {
    name: 'vendors',
    primaryKey: 'vendor_id',
    columns: [
      ['vendor_id', 'int', 'int'],
      ['slug', 'text', 'text'],
      ['name', 'text', 'text'],
      ['kind', 'text', 'text'],
      ['site', 'text', 'text'],
    ],
  },
  public_holidays: {
    name: 'public_holidays',
    primaryKey: 'market, date',
    columns: [
      ['market', 'char(2)', 'text'],
      ['date', 'date', 'text'],
      ['name', 'text', 'text'],
    ],
  },
  merchants: {
    name: 'merchants',
    primaryKey: 'merchant_id',
    columns: [
      ['merchant_id', 'bigint', 'int'],
      ['name', 'text', 'text'],
      ['city_id', 'int', 'int'],
      ['market', 'char(2)', 'text'],
      ['category_l2', 'text', 'text'],
      ['tier', 'text', 'text'],
      ['onboarded_at', ts, 'ts'],
      ['status', 'text', 'text'],
      ['owner_phone_hash', 'bytea', 'hex'],
      ['payout_account_hash', 'bytea', 'hex'],
      ['signup_device_id', 'text', 'text'],
      ['signup_ip', 'inet', 'inet'],
      ['pos_integration', 'text', 'text'],
    ],
  },
  orders: {
    name: 'orders',
    primaryKey: 'order_id',
    columns: [
      ['order_id', 'bigint', 'int'],
      ['merchant_id', 'bigint', 'int'],
      ['user_id', 'bigint', 'int'],
      ['user_created_at', ts, 'ts'],
      ['user_device_id', 'text', 'text'],
      ['channel', 'text', 'text'],
      ['city_id', 'int', 'int'],
      ['category_l2', 'text', 'text'],
      ['paid_at', ts, 'ts'],
      ['gmv', money, 'num'],
      ['gmv_usd', money, 'num'],
      ['payment_method', 'text', 'text'],
      ['promo_amount', money, 'num'],
      ['expires_at', ts, 'ts'],
      ['status', 'text', 'text'],
    ],
  },
  redemptions: {
    name: 'redemptions',
    primaryKey: 'redemption_id',
    columns: [
      ['redemption_id', 'bigint', 'int'],
      ['order_id', 'bigint', 'int'],
      ['attempted_at', ts, 'ts'],
      ['success', 'boolean', 'bool'],
      ['failure_reason', 'text', 'text'],
      ['pos_integration', 'text', 'text'],
    ],
  },
  refunds: {
    name: 'refunds',
    primaryKey: 'refund_id',
    columns: [
      ['refund_id', 'bigint', 'int'],
      ['order_id', 'bigint', 'int'],
      ['requested_at', ts, 'ts'],
      ['amount', money, 'num'],
      ['amount_usd', money, 'num'],
      ['kind', 'text', 'text'],
      ['reason_code', 'text', 'text'],
      ['fault_party', 'text', 'text'],
      ['auto_approved', 'boolean', 'bool'],
    ],
  },
  tickets: {
    name: 'tickets',
    primaryKey: 'ticket_id',
    columns: [
      ['ticket_id', 'bigint', 'int'],
      ['order_id', 'bigint', 'int'],
      ['merchant_id', 'bigint', 'int'],
      ['user_id', 'bigint', 'int'],
      ['created_at', ts, 'ts'],
      ['first_human_reply_at', ts, 'ts'],
      ['resolved_at', ts, 'ts'],
      ['reopened', 'boolean', 'bool'],
      ['contact_channel', 'text', 'text'],
      ['language', 'text', 'text'],
      ['queue', 'text', 'text'],
      ['vendor_id', 'int', 'int'],
      ['category', 'text', 'text'],
      ['is_complaint', 'boolean', 'bool'],
      ['sla_first_reply', 'interval', 'secs'],
      ['compensation', money, 'num'],
      ['csat', 'smallint', 'int'],
      ['city_id', 'int', 'int'],
      ['category_l2', 'text', 'text'],
    ],
  },
  reviews: {
    name: 'reviews',
    primaryKey: 'review_id',
    columns: [
      ['review_id', 'bigint', 'int'],
      ['merchant_id', 'bigint', 'int'],
      ['order_id', 'bigint', 'int'],
      ['user_id', 'bigint', 'int'],
      ['created_at', ts, 'ts'],
      ['rating', 'smallint', 'int'],
      ['verified_purchase', 'boolean', 'bool'],
      ['reviewer_created_at', ts, 'ts'],
      ['device_id', 'text', 'text'],
      ['ip', 'inet', 'inet'],
      ['text_hash', 'bytea', 'hex'],
      ['filter_status', 'text', 'text'],
    ],
  },
  moderation_cases: {
    name: 'moderation_cases',
    primaryKey: 'case_id',
    columns: [
      ['case_id', 'bigint', 'int'],
      ['object_id', 'bigint', 'int'],
      ['merchant_id', 'bigint', 'int'],
      ['channel', 'text', 'text'],
      ['language', 'text', 'text'],
      ['policy', 'text', 'text'],
      ['source', 'text', 'text'],
      ['created_at', ts, 'ts'],
      ['actioned_at', ts, 'ts'],
      ['vendor_id', 'int', 'int'],
      ['moderator_id', 'bigint', 'int'],
      ['decision', 'text', 'text'],
      ['sla', 'interval', 'secs'],
      ['views_before_action', 'bigint', 'int'],
      ['appeal_outcome', 'text', 'text'],
    ],
  },
  qa_samples: {
    name: 'qa_samples',
    primaryKey: 'sample_id',
    columns: [
      ['sample_id', 'bigint', 'int'],
      ['case_id', 'bigint', 'int'],
      ['ticket_id', 'bigint', 'int'],
      ['sampled_at', ts, 'ts'],
      ['stratum', 'text', 'text'],
      ['weight', 'numeric', 'num'],
      ['auditor_id', 'bigint', 'int'],
      ['correct', 'boolean', 'bool'],
      ['error_type', 'text', 'text'],
    ],
  },
  vendor_intervals: {
    name: 'vendor_intervals',
    primaryKey: 'vendor_id, site, language, queue, interval_start',
    columns: [
      ['vendor_id', 'int', 'int'],
      ['site', 'text', 'text'],
      ['language', 'text', 'text'],
      ['queue', 'text', 'text'],
      ['interval_start', ts, 'ts'],
      ['logged_in_sec', 'bigint', 'int'],
      ['handle_sec', 'bigint', 'int'],
      ['contacts', 'int', 'int'],
      ['cost', money, 'num'],
    ],
  },
} as const satisfies Record<string, TableSpec>;

/** The name of a bulk-written table. */
export type TableName = keyof typeof TABLES;

/** CREATE TABLE statements for every table, without keys or indexes (they are built after loading). */
export function createTablesSql(schema: string): string[] {
  const out = Object.values(TABLES).map(
    (t: TableSpec) => `CREATE TABLE "${schema}".${t.name} (${t.columns.map(([n, type]) => `${n} ${type}`).join(', ')})`,
  );
  out.push(`CREATE TABLE "${schema}".injected_incidents (id text PRIMARY KEY, kind text NOT NULL, metric text NOT NULL,
    slice jsonb NOT NULL, start_at timestamptz NOT NULL, end_at timestamptz NOT NULL, cause text NOT NULL)`);
  return out;
}

/** Primary keys and the indexes metric queries need: time columns and the common slice paths. */
export function createIndexesSql(schema: string): string[] {
  const s = `"${schema}"`;
  const keys = Object.values(TABLES).map(
    (t: TableSpec) => `ALTER TABLE ${s}.${t.name} ADD PRIMARY KEY (${t.primaryKey})`,
  );
  return [
    ...keys,
    `CREATE UNIQUE INDEX ON ${s}.cities (slug)`,
    `CREATE UNIQUE INDEX ON ${s}.vendors (slug)`,
    `CREATE INDEX ON ${s}.merchants (city_id, category_l2)`,
    `CREATE INDEX ON ${s}.merchants (payout_account_hash)`,
    // Rows of these tables are written in time order, so a BRIN index serves time ranges at a
    // fraction of a B-tree's build time on the embedded database.
    `CREATE INDEX ON ${s}.orders USING brin (paid_at)`,
    `CREATE INDEX ON ${s}.moderation_cases USING brin (created_at, actioned_at)`,
    `CREATE INDEX ON ${s}.vendor_intervals USING brin (interval_start)`,
    `CREATE INDEX ON ${s}.orders (city_id, category_l2, paid_at)`,
    `CREATE INDEX ON ${s}.orders (merchant_id)`,
    `CREATE INDEX ON ${s}.redemptions (attempted_at)`,
    `CREATE INDEX ON ${s}.redemptions (order_id)`,
    `CREATE INDEX ON ${s}.refunds (requested_at)`,
    `CREATE INDEX ON ${s}.refunds (order_id)`,
    `CREATE INDEX ON ${s}.tickets (created_at)`,
    `CREATE INDEX ON ${s}.reviews (created_at)`,
    `CREATE INDEX ON ${s}.reviews (merchant_id, created_at)`,
    `CREATE INDEX ON ${s}.qa_samples (case_id)`,
  ];
}
