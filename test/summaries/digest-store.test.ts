// The digests table and its claims: one claim per (kind, period), one message per period (or incident) and channel,
// a decision applies once, who may post digests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rolesSchema } from '../../src/config/roles-schema.ts';
import { migrate } from '../../src/db/migrate.ts';
import { claimDigest, completeDigestClaim, releaseDigestClaim } from '../../src/summaries/digest-claim-store.ts';
import {
  claimDigestPost,
  claimReviewedPost,
  getDigest,
  insertDigest,
  recordDigestPost,
  releaseDigestPost,
  takeOverDigestPost,
  updateDigest,
} from '../../src/summaries/digest-store.ts';
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

  it('claims one message per period and channel (per incident for summaries); a released or stale claim is taken again', async () => {
    const day = new Date('2026-02-01T17:00:00Z');
    const row = {
      kind: 'daily' as const,
      periodStart: day,
      periodEnd: day,
      source: 'template' as const,
      status: 'posted' as const,
      text: 'first',
      facts: {},
      replaced: [],
      destination: 'gne-digest',
    };
    const first = await claimDigestPost(db.pool, row);
    expect(first).toMatchObject({ claimed: true, digest: { destination: 'gne-digest', messageTs: null } });
    const racing = await claimDigestPost(db.pool, { ...row, text: 'second' });
    expect(racing).toMatchObject({ claimed: false, digest: { id: first.digest.id, text: 'first' } });
    expect(await claimDigestPost(db.pool, { ...row, destination: 'gne-digest-id' })).toMatchObject({ claimed: true });
    expect(await claimDigestPost(db.pool, { ...row, kind: 'weekly' })).toMatchObject({ claimed: true });
    // Fresh, the claim is its run's; left unposted past STALE_POST_CLAIM_MS, another run takes it over.
    expect(await takeOverDigestPost(db.pool, first.digest.id)).toBe(false);
    await db.pool.query("UPDATE digests SET updated_at = now() - interval '6 minutes' WHERE id = $1", [
      first.digest.id,
    ]);
    expect(await takeOverDigestPost(db.pool, first.digest.id)).toBe(true);
    await releaseDigestPost(db.pool, first.digest.id);
    const again = await claimDigestPost(db.pool, row);
    expect(again.claimed).toBe(true);
    await recordDigestPost(db.pool, again.digest.id, { channelId: 'C0MGR', ts: '1.2' }, day);
    await releaseDigestPost(db.pool, again.digest.id);
    expect(await getDigest(db.pool, again.digest.id)).toMatchObject({ channelId: 'C0MGR', messageTs: '1.2' });

    const summary = { ...row, kind: 'incident' as const, incidentId: null, destination: 'C0INC' };
    expect(await claimDigestPost(db.pool, summary)).toMatchObject({ claimed: true });
    const review = await insertDigest(db.pool, { ...row, status: 'in_review' });
    expect(await claimReviewedPost(db.pool, review, { reviewedBy: 'U1' }, 'gne-digest')).toMatchObject({
      owner: false,
      digest: { status: 'posted', destination: null, reviewedBy: 'U1' },
    });
    expect(await claimReviewedPost(db.pool, review, { reviewedBy: 'U2' }, 'gne-digest')).toBeUndefined();
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
