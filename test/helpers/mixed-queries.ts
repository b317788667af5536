// Many extended-protocol queries at once, each with its own number of parameters, and a check of every answer:
// two clients' Parse/Bind interleaved on the embedded server's one session would bind the wrong statement.
import type pg from 'pg';

/** Runs `count` parameterised queries concurrently on `pool`; returns what went wrong (empty when every answer is right). */
export async function mixedQueries(pool: pg.Pool, tag: string, count: number): Promise<string[]> {
  const problems: string[] = [];
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      // 1 to 6 parameters: the tag, then numbers whose sum the answer must carry.
      const numbers = Array.from({ length: i % 6 }, (_, j) => i + j);
      const sum = numbers.map((_, j) => `$${j + 2}::int`).join(' + ') || '0';
      const want = `${tag}:${numbers.reduce((a, b) => a + b, 0)}`;
      try {
        const { rows } = await pool.query<{ v: string }>(`SELECT $1::text || ':' || (${sum})::text AS v`, [
          tag,
          ...numbers,
        ]);
        if (rows[0]?.v !== want) problems.push(`query ${i}: got ${rows[0]?.v}, want ${want}`);
      } catch (err) {
        problems.push(`query ${i}: ${(err as Error).message}`);
      }
    }),
  );
  return problems;
}
