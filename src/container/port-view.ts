// A container's ports as ps, its filters, inspect and `port` see them, read from what create
// recorded. docker shows live bindings (NetworkSettings.Ports) only while the container runs and
// only on networks that publish; the configuration (PortBindings, ExposedPorts) always.
import { LABELS, decodeStringList } from './labels';
import { displayPorts, networkSettingsPorts, portBindings } from './port-display';
import type { PublishedPort } from './ports';
import { exposedPortsOf, publishedPortsOf, publishesOn } from './publish';

type ReadText = (path: string) => string | undefined;

interface PortSource { labels: Readonly<Record<string, string>> }

/** The recorded mappings and exposed keys of a container. */
export function portFacts(c: PortSource, stateDir: string, readText: ReadText): { mappings: PublishedPort[]; exposed: string[] } {
  return { mappings: publishedPortsOf(stateDir, c.labels, readText), exposed: exposedPortsOf(c.labels) };
}

/** Whether the container's network mode has live port bindings while it runs. */
const bindsPorts = (c: PortSource): boolean => publishesOn(decodeStringList(c.labels, LABELS.networks));

/** Live bindings: what docker's NetworkSettings.Ports holds ([] and no exposed while not running). */
export function livePorts(c: PortSource, stateDir: string, live: boolean, readText: ReadText): { mappings: PublishedPort[]; exposed: string[] } {
  if (!live || !bindsPorts(c)) return { mappings: [], exposed: [] };
  return portFacts(c, stateDir, readText);
}

/** ps's PORTS text. */
export function psPorts(c: PortSource, stateDir: string, live: boolean, readText: ReadText): string {
  const { mappings, exposed } = livePorts(c, stateDir, live, readText);
  return displayPorts(mappings, exposed);
}

/** Keys `ps --filter publish=` and `expose=` match: published container ports and Config.ExposedPorts. */
export function portFilterKeys(c: PortSource, stateDir: string, readText: ReadText): { published: string[]; exposed: string[] } {
  const { mappings, exposed } = portFacts(c, stateDir, readText);
  const published = [...new Set(mappings.map((m) => `${m.containerPort}/${m.protocol}`))];
  return { published, exposed: [...new Set([...exposed, ...published])] };
}

/** inspect's HostConfig.PortBindings, NetworkSettings.Ports and Config.ExposedPorts. */
export function inspectPorts(c: PortSource, stateDir: string, live: boolean, readText: ReadText): {
  portBindings: ReturnType<typeof portBindings>; ports: ReturnType<typeof networkSettingsPorts>; exposedPorts: Record<string, object> | null;
} {
  const { mappings, exposed } = portFacts(c, stateDir, readText);
  const current = live && bindsPorts(c);
  return {
    portBindings: portBindings(mappings),
    ports: current ? networkSettingsPorts(mappings, exposed) : {},
    exposedPorts: exposed.length ? Object.fromEntries([...exposed].sort().map((k) => [k, {}])) : null,
  };
}
