// Patches pglite-socket's query queue so one connection's extended-protocol cycle is never interleaved
// with another's. Plain JavaScript: it runs on the embedded database's worker thread.

// Extended-protocol message types that leave a query cycle open until the connection's Sync ('S'):
// Parse, Bind, Describe, Execute, Close, Flush.
const OPENS_CYCLE = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]);
const SYNC = 0x53;

/**
 * pglite-socket queues each protocol message on its own, first come first served, and every
 * connection shares PGlite's one session. Two connections' extended queries then interleave
 * (A's Parse, B's Parse, A's Bind), and A binds B's unnamed statement ("bind message supplies 3
 * parameters, but prepared statement \"\" requires 6"). This keeps a connection's cycle whole: once
 * it has sent a Parse, Bind, Describe, Execute, Close or Flush, only its messages are served until
 * its Sync, as the library already does for an open transaction. A failed message no longer leaves
 * the queue stuck.
 */
export function keepQueryCyclesWhole(queue) {
  let open = null;
  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId) => {
    if (open === handlerId) open = null;
    clear(handlerId);
    void queue.processQueue();
  };
  queue.processQueue = async function processQueue() {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const owner = open ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
        const at = owner === null ? 0 : this.queue.findIndex((q) => q.handlerId === owner);
        // The owner's next message has not arrived yet: wait for it (enqueue calls back in).
        if (at === -1) break;
        const item = this.queue.splice(at, 1)[0];
        const type = item.message[0];
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (d) => {
                bytes += d.length;
                item.onData(d);
              },
            }),
          );
        } catch (err) {
          if (open === item.handlerId) open = null;
          item.reject(err);
          continue;
        }
        this.lastHandlerId = item.handlerId;
        if (OPENS_CYCLE.has(type)) open = item.handlerId;
        else if (type === SYNC || open === item.handlerId) open = null;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };
}
