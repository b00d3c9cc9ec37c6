// containerd.services.events.v1.Events: the event stream (task exits, image and namespace changes),
// and publishing on it.
import type { Any } from '../types';
import { Envelope, PublishRequest, SubscribeRequest } from '../generated/api/services/events/v1/events';
import { Empty } from '../rpc';
import type { Rpc, RequestOptions } from '../rpc';

export type { Envelope } from '../generated/api/services/events/v1/events';

const SERVICE = '/containerd.services.events.v1.Events/';

export class EventsService {
  constructor(private readonly rpc: Rpc) {}

  /** Puts an event on containerd's bus, in the client's namespace (topic: "/a/b", event: any Any). */
  async publish(topic: string, event: Any, options?: RequestOptions): Promise<void> {
    await this.rpc.unary(`${SERVICE}Publish`, PublishRequest, { topic, event }, Empty, options);
  }

  /**
   * Events matching any of the filters (e.g. 'topic=="/tasks/exit"', 'namespace==default'), until
   * the loop breaks or options.signal aborts. Decode envelope.event with typeurl.ts (unpackMessage).
   * Events are not namespaced by the call: filter on namespace to see only one.
   */
  async *subscribe(filters: string[] = [], options?: RequestOptions): AsyncGenerator<Envelope, void, undefined> {
    try {
      yield* this.rpc.serverStream(`${SERVICE}Subscribe`, SubscribeRequest, { filters }, Envelope, options);
    } catch (err) {
      // Aborting through the caller's own signal is the normal way to stop listening: end quietly.
      if (options?.signal?.aborted) return;
      throw err;
    }
  }
}
