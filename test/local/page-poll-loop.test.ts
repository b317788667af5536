// The page's polling (src/local/page/poll-loop.js): looks never overlap, and the steady pace survives a look
// asked for while another runs (a slow bot once ended the page's polling for good that way).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPollLoop } from '../../src/local/page/poll-loop.js';

describe('createPollLoop', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  // A look that takes `ms` of (fake) time, counting how many run and the most at once.
  function slowLook(ms: number) {
    const seen = { started: 0, running: 0, most: 0 };
    const look = async () => {
      seen.started += 1;
      seen.running += 1;
      seen.most = Math.max(seen.most, seen.running);
      await new Promise((r) => setTimeout(r, ms));
      seen.running -= 1;
    };
    return { look, seen };
  }

  it('keeps its steady pace when a soon-look is still running at the steady turn', async () => {
    // Each look takes 1 s, so soon-looks at 200/600/1200 ms overlap the steady turn at 1.5 s.
    const { look, seen } = slowLook(1000);
    const loop = createPollLoop({ look, everyMs: 1500, soonMs: [200, 600, 1200] });
    loop.start();
    await vi.advanceTimersByTimeAsync(1100);
    loop.soon();
    await vi.advanceTimersByTimeAsync(5000);
    const before = seen.started;
    // Nothing asks any more: only the steady pace can keep looking.
    await vi.advanceTimersByTimeAsync(25_000);
    expect(seen.started - before).toBeGreaterThanOrEqual(9);
    expect(seen.most).toBe(1);
  });

  it('runs a look asked for during another right after it, once', async () => {
    const { look, seen } = slowLook(1000);
    const loop = createPollLoop({ look, everyMs: 60_000 });
    loop.start();
    await vi.advanceTimersByTimeAsync(100);
    loop.now();
    loop.now();
    expect(seen.started).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen.started).toBe(2);
    await vi.advanceTimersByTimeAsync(5000);
    expect(seen.started).toBe(2);
    expect(seen.most).toBe(1);
  });

  it('goes on after a look fails', async () => {
    let calls = 0;
    const loop = createPollLoop({
      look: async () => {
        calls += 1;
        throw new Error('vigil is down');
      },
      everyMs: 1000,
    });
    loop.start();
    await vi.advanceTimersByTimeAsync(3500);
    expect(calls).toBe(4);
  });
});
