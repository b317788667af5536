// The Bolt receiver of the local workspace: nothing to listen on, the page's requests are delivered with processEvent.
import type { App, Receiver } from '@slack/bolt';

/** A receiver whose init, start and stop do nothing (deliver-local-events.ts feeds the app). */
export class LocalReceiver implements Receiver {
  app: App | undefined;
  init(app: App): void {
    this.app = app;
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}
