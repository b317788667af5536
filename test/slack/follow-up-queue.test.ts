import { describe, expect, it } from 'vitest';
import { createFollowUpQueue } from '../../src/slack/follow-up-queue.ts';

const tick = () => new Promise((r) => setImmediate(r));
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe('follow-up queue', () => {
  it('starts jobs in push order, one per turn of the event loop, never more than `concurrency` at once', async () => {
    const errors: unknown[] = [];
    const q = createFollowUpQueue({ concurrency: 2, maxPending: 10, onError: (e) => errors.push(e) });
    const started: number[] = [];
    const gates = [gate(), gate(), gate(), gate()];
    let running = 0;
    let most = 0;
    gates.forEach((g, i) =>
      q.push(async () => {
        started.push(i);
        most = Math.max(most, ++running);
        await g.opened;
        running--;
      }),
    );
    expect(started).toEqual([]);
    await tick();
    expect(started).toEqual([0]);
    await tick();
    expect(started).toEqual([0, 1]);
    await tick();
    expect(started).toEqual([0, 1]);
    expect(q.size).toBe(4);
    gates[1]!.open();
    await tick();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates.forEach((g) => g.open());
    await q.idle();
    expect(started).toEqual([0, 1, 2, 3]);
    expect(most).toBe(2);
    expect(q.size).toBe(0);
    expect(errors).toEqual([]);
  });

  it('refuses a push beyond maxPending waiting jobs, and takes more once they start', async () => {
    const q = createFollowUpQueue({ concurrency: 1, maxPending: 2, onError: () => {} });
    const g = gate();
    const ran: string[] = [];
    expect(
      q.push(async () => {
        ran.push('a');
        await g.opened;
      }),
    ).toBe(true);
    expect(
      q.push(async () => {
        ran.push('b');
      }),
    ).toBe(true);
    expect(
      q.push(async () => {
        ran.push('c');
      }),
    ).toBe(false);
    await tick();
    // 'a' runs, so only 'b' waits: there is room for one more.
    expect(
      q.push(async () => {
        ran.push('d');
      }),
    ).toBe(true);
    expect(
      q.push(async () => {
        ran.push('e');
      }),
    ).toBe(false);
    g.open();
    await q.idle();
    expect(ran).toEqual(['a', 'b', 'd']);
  });

  it('reports a failing job (rejected or thrown) and goes on with the next', async () => {
    const errors: unknown[] = [];
    const q = createFollowUpQueue({ concurrency: 1, maxPending: 10, onError: (e) => errors.push(e) });
    const ran: string[] = [];
    q.push(async () => {
      throw new Error('rejected');
    });
    q.push((() => {
      throw new Error('thrown');
    }) as never);
    q.push(async () => {
      ran.push('after');
    });
    await q.idle();
    expect(errors.map((e) => (e as Error).message)).toEqual(['rejected', 'thrown']);
    expect(ran).toEqual(['after']);
  });

  it('survives an error reporter that throws', async () => {
    const q = createFollowUpQueue({
      concurrency: 1,
      maxPending: 10,
      onError: () => {
        throw new Error('reporter');
      },
    });
    const ran: string[] = [];
    q.push(async () => {
      throw new Error('job');
    });
    q.push(async () => {
      ran.push('next');
    });
    await q.idle();
    expect(ran).toEqual(['next']);
  });

  it('is idle at once when empty, and keeps order over many jobs', async () => {
    const q = createFollowUpQueue({ concurrency: 3, maxPending: 5000, onError: () => {} });
    await q.idle();
    const order: number[] = [];
    for (let i = 0; i < 3000; i++)
      q.push(async () => {
        order.push(i);
      });
    await q.idle();
    expect(order).toEqual([...Array(3000).keys()]);
  });

  it('drains: finishes in time when it can, and says which tagged jobs never started and which still ran at the deadline', async () => {
    const q = createFollowUpQueue<string>({ concurrency: 1, maxPending: 10, onError: () => {} });
    q.push(async () => {}, 'quick');
    expect(await q.drain(Date.now() + 5000)).toEqual({ neverStarted: [], stillRunning: [] });
    const g = gate();
    const ran: string[] = [];
    q.push(async () => {
      ran.push('slow');
      await g.opened;
    }, 'slow');
    q.push(async () => {
      ran.push('waiting');
    }, 'waiting');
    q.push(async () => {
      ran.push('untagged');
    });
    await tick();
    expect(await q.drain(Date.now() + 50)).toEqual({ neverStarted: ['waiting'], stillRunning: ['slow'] });
    g.open();
    await q.idle();
    // The dropped jobs never run, even once the running one ends.
    expect(ran).toEqual(['slow']);
    expect(q.size).toBe(0);
  });
});
