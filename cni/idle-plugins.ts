// Plugins of nerdctl's default chain that have nothing to do for a given call. Each plugin is a
// process start (5-15 ms for a Go binary), paid on every container start and stop, so the chain
// runner leaves these out. What each does with nothing to act on (containernetworking-plugins):
// - portmap with no `portMappings` capability args returns its prevResult on ADD and touches no
//   rule on DEL;
// - tuning with no sysctl/mac/mtu/promisc/allmulti/txQLen settings and no MAC in CNI_ARGS changes
//   nothing and keeps no backup to restore.
// Anything unknown (another plugin, an extra key) runs as usual.
import type { CapabilityArgs, CniArgs, PluginConfig } from './types';

// Keys that carry no instruction for tuning: the plugin entry's own bookkeeping.
const TUNING_INERT_KEYS = new Set(['type', 'capabilities', 'name', 'cniVersion']);

/** Whether running `plugin` with these arguments is known to change nothing. */
export function isIdlePlugin(plugin: PluginConfig, caps: CapabilityArgs | undefined, args: CniArgs | undefined): boolean {
  switch (plugin.type) {
    case 'portmap':
      return !hasItems(caps?.portMappings);
    case 'tuning':
      return Object.keys(plugin).every((k) => TUNING_INERT_KEYS.has(k))
        && !(args ?? []).some(([k]) => k === 'MAC')
        && !Object.keys(plugin.capabilities ?? {}).some((cap) => caps?.[cap] !== undefined);
    default:
      return false;
  }
}

function hasItems(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}
