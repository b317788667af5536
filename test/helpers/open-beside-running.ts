// Run in a process of its own by test/db/reach-running-database.test.ts, as a CLI command beside the bot:
// opens the data directory the test process holds, reads and writes, and prints what it saw as JSON.
import { openDatabase } from '../../src/db/open-database.ts';
import { mixedQueries } from './mixed-queries.ts';

const dataDir = process.argv[2]!;
const db = await openDatabase({ dataDir, onRunning: (line) => console.error(line) });
try {
  const seen = (await db.pool.query<{ v: string }>('SELECT v FROM shared ORDER BY v')).rows.map((r) => r.v);
  // A transaction of its own while the bot's pool is busy: the server serves it whole, then the others.
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    for (const v of ['cli 1', 'cli 2', 'cli 3']) await client.query('INSERT INTO shared VALUES ($1)', [v]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  const problems = [...(await mixedQueries(db.pool, 'cli', 120)), ...(await mixedQueries(db.pool, 'cli', 120))];
  console.log(JSON.stringify({ mode: db.mode, servedBy: db.servedBy, seen, problems }));
} finally {
  await db.close();
}
