// containerd.services.introspection.v1.Introspection: loaded plugins and the server's identity.
import { PluginsRequest, PluginsResponse, ServerResponse } from '../generated/api/services/introspection/v1/introspection';
import type { Plugin } from '../generated/api/services/introspection/v1/introspection';
import { Empty } from '../rpc';
import type { Rpc, RequestOptions } from '../rpc';

export type { Plugin, ServerResponse } from '../generated/api/services/introspection/v1/introspection';

const SERVICE = '/containerd.services.introspection.v1.Introspection/';

export class IntrospectionService {
  constructor(private readonly rpc: Rpc) {}

  /** Plugins matching any of the filters (e.g. 'type==io.containerd.snapshotter.v1'); all when none. */
  async plugins(filters: string[] = [], options?: RequestOptions): Promise<Plugin[]> {
    const res = await this.rpc.unary(`${SERVICE}Plugins`, PluginsRequest, { filters }, PluginsResponse, options);
    return res.plugins;
  }

  /** The server's UUID, stable across restarts of the same containerd root. */
  server(options?: RequestOptions): Promise<ServerResponse> {
    return this.rpc.unary(`${SERVICE}Server`, Empty, {}, ServerResponse, options);
  }
}
