// The OCI spec of a new container: the spec builder's mutators applied in docker's order
// (src/container/spec/index.ts) to the image config, the options and what the mounts and the
// network mode contributed.
import type { GlobalOptions } from '../config';
import { NerdtsError } from '../errors';
import type { CreateOptions } from './create-options';
import type { ContainerHost } from './host';
import type { EnsuredImage } from './image';
import type { ResolvedMounts } from './mounts';
import type { NetworkContribution } from './network';
import {
  cgroupsPathFor, defaultSpec, parseAnnotations, withAnnotations, withCgroupns, withDefaultNetworkSysctls,
  withDevices, withEnv, withHooks, withHostname, withImageConfig, withInit, withIpcMode, withMounts, withPidMode,
  withReadonlyRootfs, withResources, withSecurity, withShmSize, withSysctls, withTerminal, withUlimits, withUser,
  withUtsMode,
} from './spec';
import type { Hook, HookStage, Spec } from './spec';

export interface SpecInput {
  id: string;
  globals: GlobalOptions;
  options: CreateOptions;
  image: EnsuredImage;
  /** The user's environment (env files, then -e), already resolved. */
  env: string[];
  /** The image's /etc/passwd and /etc/group. */
  passwd?: string;
  group?: string;
  network: NetworkContribution;
  mounts: ResolvedMounts;
  /** nerdctl/* labels, mirrored for the OCI hook. */
  internalAnnotations: Record<string, string>;
  hooks?: Partial<Record<HookStage, Hook[]>>;
  host: ContainerHost;
}

function refuseContainerMode(value: string | undefined, flag: string): void {
  if (value?.startsWith('container:')) {
    throw new NerdtsError('unimplemented', `${flag}=container:<name> is not supported yet`);
  }
}

function withNamespaceModes(spec: Spec, o: CreateOptions, network: NetworkContribution): void {
  refuseContainerMode(o.pid, '--pid');
  refuseContainerMode(o.ipc, '--ipc');
  network.mutate(spec);
  if (o.pid) withPidMode(spec, o.pid);
  if (o.ipc) withIpcMode(spec, { mode: o.ipc });
  if (o.cgroupns) withCgroupns(spec, o.cgroupns);
}

function withLimits(spec: Spec, o: CreateOptions, host: ContainerHost): void {
  if (o.resources) withResources(spec, o.resources);
  if (o.ulimits?.length) withUlimits(spec, o.ulimits);
  if (o.shmSize) withShmSize(spec, o.shmSize);
  if (o.devices?.length) withDevices(spec, { devices: o.devices, lookup: host.devices, ...(o.privileged && { privileged: true }) });
}

const DEFAULT_INITS = ['docker-init', 'tini-static', 'tini'];

function withInitProcess(spec: Spec, o: CreateOptions, host: ContainerHost): void {
  if (!o.init && !o.initBinary) return;
  // The init runs inside the container, so only a static binary works for any image: docker-init
  // (docker.io) and tini-static (Debian's tini) are; plain tini is dynamically linked on Debian.
  const candidates = o.initBinary ? [o.initBinary] : DEFAULT_INITS;
  const path = candidates.map((b) => (b.startsWith('/') ? b : host.which(b))).find((p) => p !== undefined);
  if (!path) throw new NerdtsError('not-found', `init binary "${candidates[0]}" not found`, { hint: 'install tini (Debian: apt-get install tini) or pass --init-binary' });
  withInit(spec, { initPath: path });
}

/** Builds the spec; throws docker's errors for invalid options (unknown user, bad limits, ...). */
export function buildSpec(input: SpecInput): Spec {
  const { id, globals, options: o, image, network, host } = input;
  const cgroupsPath = cgroupsPathFor({ id, namespace: globals.namespace, manager: globals.cgroupManager,
    ...(o.cgroupParent && { parent: o.cgroupParent }) });
  const spec = defaultSpec({ id, namespace: globals.namespace, cgroupsPath });
  const config = image.config.config ?? {};
  withImageConfig(spec, {
    image: config, ...(o.entrypoint !== undefined && { entrypoint: o.entrypoint }),
    ...(o.command && { args: o.command }), ...(o.workdir && { workdir: o.workdir }),
  });
  withEnv(spec, input.env);
  if (o.uts === 'host') withUtsMode(spec, 'host', Boolean(o.hostname));
  else withHostname(spec, { hostname: network.hostname, ...(o.domainname && { domainname: o.domainname }) });
  withTerminal(spec, Boolean(o.tty));
  withUser(spec, {
    ...(o.user && { user: o.user }), ...(config.User && { imageUser: config.User }), ...(o.groupAdd && { groupAdd: o.groupAdd }),
    ...(input.passwd !== undefined && { passwd: input.passwd }), ...(input.group !== undefined && { group: input.group }),
  });
  withNamespaceModes(spec, o, network);
  withLimits(spec, o, host);
  withMounts(spec, { mounts: [...input.mounts.mounts, ...network.mounts], tmpfs: [...(o.tmpfs ?? []), ...input.mounts.tmpfs] });
  if (o.readOnly) withReadonlyRootfs(spec);
  const allCapabilities = host.allCapabilities();
  withSecurity(spec, {
    ...(o.capAdd && { capAdd: o.capAdd }), ...(o.capDrop && { capDrop: o.capDrop }), ...(o.privileged && { privileged: true }),
    ...(allCapabilities && { allCapabilities }), ...(o.securityOpt && { securityOpt: o.securityOpt }),
    arch: image.platform.architecture, kernelVersion: host.kernelVersion(),
    readFile: (path) => {
      const text = host.readText(path);
      if (text === undefined) throw new Error(`open ${path}: no such file or directory`);
      return text;
    },
    ...(o.privileged && { hostDevices: host.hostDevices() }),
  });
  withInitProcess(spec, o, host);
  withDefaultNetworkSysctls(spec);
  withSysctls(spec, o.sysctls ?? []);
  if (input.hooks) withHooks(spec, input.hooks);
  withAnnotations(spec, { ...parseAnnotations(o.annotations ?? []), ...input.internalAnnotations });
  return spec;
}
