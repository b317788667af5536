import { describe, expect, it } from 'vitest';
import { throttleProgress } from '../../src/slack/throttle-playbook-progress.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('throttleProgress', () => {
  it('sends the first state at once, collapses a burst into the newest, and never overlaps sends', async () => {
    const sent: number[] = [];
    let running = 0;
    let overlapped = false;
    const t = throttleProgress<number>(
      async (n) => {
        overlapped ||= running > 0;
        running += 1;
        await sleep(5);
        sent.push(n);
        running -= 1;
      },
      { gapMs: 40, onError: () => {} },
    );
    for (let i = 1; i <= 10; i++) t.push(i);
    // The gap's length is the throttle's business; the order and the collapse are what is checked.
    await expect.poll(() => sent.length).toBe(2);
    expect(sent).toEqual([1, 10]);
    t.push(11);
    t.push(12);
    await t.finish();
    expect(overlapped).toBe(false);
    // finish drops what is still waiting for its turn: the headline replaces it.
    expect(sent).not.toContain(12);
  });

  it('waits for the update in flight on finish, reports failures and ignores pushes after finish', async () => {
    const errors: unknown[] = [];
    let done = false;
    const t = throttleProgress<number>(
      async () => {
        await sleep(20);
        done = true;
        throw new Error('ratelimited');
      },
      { gapMs: 10, onError: (e) => errors.push(e) },
    );
    t.push(1);
    await t.finish();
    expect(done).toBe(true);
    expect(errors).toHaveLength(1);
    t.push(2);
    await sleep(30);
    expect(errors).toHaveLength(1);
  });
});
