// containerd.services.version.v1.Version: which containerd answers.
import { VersionResponse } from '../generated/api/services/version/v1/version';
import { Empty } from '../rpc';
import type { Rpc, RequestOptions } from '../rpc';

export type { VersionResponse } from '../generated/api/services/version/v1/version';

const SERVICE = '/containerd.services.version.v1.Version/';

export class VersionService {
  constructor(private readonly rpc: Rpc) {}

  /** containerd's version and git revision. */
  get(options?: RequestOptions): Promise<VersionResponse> {
    return this.rpc.unary(`${SERVICE}Version`, Empty, {}, VersionResponse, options);
  }
}
