// The digests table and its claims: one claim per (kind, period), a decision applies once, who may post digests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rolesSchema } from '../../src/config/roles-schema.ts';
import { migrate } from '../../src/db/migrate.ts';
import { claimDigest, completeDigestClaim, releaseDigestClaim } from '../../src/summaries/digest-claim-store.ts';
import { getDigest, insertDigest, updateDigest } from '../../src/summaries/digest-store.ts';
import { digestPermission } from '../../src/summaries/post-digest-permission.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

describe('digest store', () => {
  let db: TestDatabase;
  const period = new Date('2026-03-01T17:00:00Z');
  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    await migrate(db.pool);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('claims a period once; a failed run releases it, a finished one keeps it', async () => {
    expect(await claimDigest(db.pool, 'daily', period, 'r1')).toBe(true);
    expect(await claimDigest(db.pool, 'daily', period, 'r2')).toBe(false);
    expect(await claimDigest(db.pool, 'weekly', period, 'r2')).toBe(true);
    await releaseDigestClaim(db.pool, 'daily', period);
    expect(await claimDigest(db.pool, 'daily', period, 'r2')).toBe(true);
    const id = await insertDigest(db.pool, {
      kind: 'daily',
      periodStart: period,
      periodEnd: period,
      source: 'template',
      status: 'posted',
      text: 't',
      facts: {},
      replaced: [],
    });
    await completeDigestClaim(db.pool, 'daily', period, id);
    await releaseDigestClaim(db.pool, 'daily', period);
    expect(await claimDigest(db.pool, 'daily', period, 'r3')).toBe(false);
  });

  it('moves a digest on only from the statuses given, so two reviewers decide it once', async () => {
    const id = await insertDigest(db.pool, {
      kind: 'weekly',
      periodStart: period,
      periodEnd: period,
      source: 'mixed',
      status: 'in_review',
      text: 'draft',
      blocks: [{ type: 'divider' }],
      facts: { a: 1 },
      replaced: [{ sentence: 's', numbers: ['4%'], replacement: null }],
    });
    expect(await updateDigest(db.pool, id, { status: 'posted', reviewedBy: 'U1' }, ['in_review'])).toMatchObject({
      status: 'posted',
      reviewedBy: 'U1',
    });
    expect(await updateDigest(db.pool, id, { status: 'discarded', reviewedBy: 'U2' }, ['in_review'])).toBeUndefined();
    expect(await getDigest(db.pool, id)).toMatchObject({
      kind: 'weekly',
      status: 'posted',
      reviewedBy: 'U1',
      blocks: [{ type: 'divider' }],
      facts: { a: 1 },
      replaced: [{ numbers: ['4%'] }],
    });
  });

  it('lets managers and admins post digests (everyone with no roles), refuses others and audits it', async () => {
    const open = digestPermission(db.pool, rolesSchema.parse({}), async () => []);
    expect(await open('U0ANY', 'digest:yesterday')).toBeNull();
    const roles = rolesSchema.parse({ admin: ['U0ADMIN'], manager: ['S0MANAGERS'], responder: ['U0RESP'] });
    const check = digestPermission(db.pool, roles, async (u) => (u === 'U0MGR' ? ['S0MANAGERS'] : []));
    expect(await check('U0MGR', 'digest:yesterday')).toBeNull();
    expect(await check('U0ADMIN', 'digest:yesterday')).toBeNull();
    expect(await check('U0RESP', 'digest:week')).toContain('`post_digest` is allowed to managers and admins');
    const { rows } = await db.pool.query(
      "SELECT actor, action, target FROM audit_log WHERE action = 'post_digest.denied'",
    );
    expect(rows).toEqual([{ actor: 'U0RESP', action: 'post_digest.denied', target: 'digest:week' }]);
  });
});
