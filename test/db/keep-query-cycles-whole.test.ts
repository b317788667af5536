// The embedded server's queue patch: a connection's extended-protocol cycle (Parse .. Sync) is served
// whole even when the database yields mid-cycle and another connection's messages arrive meanwhile.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module of the worker thread, without types
import { keepQueryCyclesWhole } from '../../src/db/keep-query-cycles-whole.mjs';

interface Item {
  handlerId: number;
  message: Uint8Array;
  resolve: (n: number) => void;
  reject: (e: unknown) => void;
  onData: (d: Uint8Array) => void;
}

// pglite-socket's queue, reduced to what the patch touches; the database yields to the event loop on every message.
function fakeQueue(served: string[], failOn?: string) {
  const queue = {
    queue: [] as Item[],
    processing: false,
    lastHandlerId: null as number | null,
    db: {
      isInTransaction: () => false,
      runExclusive: <T>(f: () => Promise<T>) => f(),
      execProtocolRawStream: async (m: Uint8Array, o: { onRawData: (d: Uint8Array) => void }) => {
        await new Promise((r) => setTimeout(r, 1));
        const name = new TextDecoder().decode(m.subarray(1));
        if (name === failOn) throw new Error('boom');
        served.push(name);
        o.onRawData(new Uint8Array([1]));
      },
    },
    enqueue(handlerId: number, message: Uint8Array) {
      return new Promise<number>((resolve, reject) => {
        queue.queue.push({ handlerId, message, resolve, reject, onData: () => {} });
        void (queue as unknown as { processQueue(): Promise<void> }).processQueue();
      });
    },
    clearQueueForHandler(id: number) {
      queue.queue = queue.queue.filter((q) => q.handlerId !== id);
    },
  };
  keepQueryCyclesWhole(queue);
  return queue;
}

const msg = (type: string, tag: string) => new Uint8Array([type.charCodeAt(0), ...new TextEncoder().encode(tag)]);

// Like a socket handler: one message at a time, each after the previous one is served.
async function connection(q: ReturnType<typeof fakeQueue>, id: number, tag: string) {
  for (const t of ['P', 'B', 'D', 'E', 'S']) await q.enqueue(id, msg(t, `${tag}${t}`)).catch(() => {});
}

describe('keepQueryCyclesWhole', () => {
  it('serves each connection Parse through Sync without another connection in between', async () => {
    const served: string[] = [];
    const q = fakeQueue(served);
    await Promise.all([connection(q, 1, 'a'), connection(q, 2, 'b'), connection(q, 3, 'c')]);
    const cycles = served.join(' ').split(/(?<=S) /);
    expect(cycles).toHaveLength(3);
    for (const c of cycles) expect(c).toMatch(/^(\w)P \1B \1D \1E \1S$/);
  });

  it('keeps serving after a failed message, and frees the cycle of a connection that fails', async () => {
    const served: string[] = [];
    const q = fakeQueue(served, 'aB');
    await Promise.all([connection(q, 1, 'a'), connection(q, 2, 'b')]);
    expect(served).toEqual(expect.arrayContaining(['bP', 'bB', 'bD', 'bE', 'bS']));
    expect(q.processing).toBe(false);
  });
});
