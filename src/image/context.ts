// What every image operation needs: the containerd client and the global options.
import type { GlobalOptions } from '../config';
import type { ContainerdClient } from '../containerd/client';
import type { RegistryOptions } from './registry';

export interface ImageContext {
  client: ContainerdClient;
  globals: GlobalOptions;
}

/** Registry settings from the global options (--hosts-dir, --insecure-registry). */
export function registryOptions(globals: GlobalOptions): RegistryOptions {
  const insecure = globals.insecureRegistry.includes('*') ? true : globals.insecureRegistry;
  return { hostsDirs: globals.hostsDir, insecure };
}
