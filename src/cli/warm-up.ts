// Work done once while building the start-up snapshot, so the code of the hot paths is compiled
// (and its inline caches warm) in the blob instead of on every command.
import { renderRows } from '../format';
import { ListImagesResponse } from '../containerd/generated/api/services/images/v1/images';
import { ReadContentResponse } from '../containerd/generated/api/services/content/v1/content';
import { UsageResponse } from '../containerd/generated/api/services/snapshots/v1/snapshots';
import { ListContainersResponse } from '../containerd/generated/api/services/containers/v1/containers';
import { ListTasksResponse } from '../containerd/generated/api/services/tasks/v1/tasks';
import { parseArgv } from './argv';
import { commands } from './commands';
import { buildRegistry } from './registry';

function roundTrip<T>(type: { encode(m: T): { finish(): Uint8Array }; decode(b: Uint8Array): T }, message: T): void {
  type.decode(type.encode(message).finish());
}

/** Exercises argv parsing, --format tables and the messages of `images`, `ps` and `version`. */
export function warmUp(): void {
  const registry = buildRegistry(commands);
  for (const line of ['images', 'image ls -q', 'ps -a', 'version', '-n x images --format json', 'pull -q x']) {
    try { parseArgv(line.split(' '), registry); } catch { /* commands not present yet */ }
  }
  renderRows('table {{.Repository}}\t{{.Tag}}\t{{.ID}}', [{ Repository: 'a', Tag: 'b', ID: 'c' }], { Repository: 'REPOSITORY' });
  const descriptor = { mediaType: 'application/json', digest: `sha256:${'0'.repeat(64)}`, size: 1, annotations: {} };
  const time = { seconds: 1, nanos: 1 };
  roundTrip(ListImagesResponse, { images: [{ name: 'x', labels: { a: 'b' }, target: descriptor, createdAt: time, updatedAt: time }] });
  roundTrip(ReadContentResponse, { offset: 0, data: new Uint8Array(8) });
  roundTrip(UsageResponse, { size: 1, inodes: 1 });
  roundTrip(ListContainersResponse, { containers: [] });
  roundTrip(ListTasksResponse, { tasks: [] });
}
