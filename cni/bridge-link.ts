// Removing a network's bridge interface (nerdctl's `network rm` does it after deleting the file).
// Done with iproute2's `ip`, as Node has no netlink.
import { execFile } from 'node:child_process';
import { CniError } from './errors';
import type { NetworkConfigList } from './types';

/** The bridge interface a network creates (`bridge` key of a first `bridge` plugin), if any. */
export function bridgeInterfaceOf(config: NetworkConfigList): string | undefined {
  const first = config.plugins[0];
  return first?.type === 'bridge' && typeof first.bridge === 'string' && first.bridge !== '' ? first.bridge : undefined;
}

/** Deletes a host link by name; false when there was none. `ipBinary` defaults to `ip` in PATH. */
export function removeBridgeInterface(name: string, ipBinary = 'ip'): Promise<boolean> {
  if (!/^[A-Za-z0-9_.-]{1,15}$/.test(name)) return Promise.reject(new CniError('invalid-argument', `invalid interface name "${name}"`));
  return new Promise((resolve, reject) => {
    execFile(ipBinary, ['link', 'del', 'dev', name], { timeout: 30_000 }, (err, _stdout, stderr) => {
      if (!err) return resolve(true);
      if (/Cannot find device|does not exist/i.test(String(stderr))) return resolve(false);
      reject(new CniError('io', `cannot remove interface ${name}: ${String(stderr).trim() || err.message}`, { cause: err }));
    });
  });
}
