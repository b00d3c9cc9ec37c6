// The containerd client: one connection, the default namespace sent on every call, one adapter per
// service created on first use. Everything above src/containerd talks to containerd through this.
import { NerdtsError } from '../errors';
import { connectionError, socketFailure, toNerdtsError } from './errors';
import { Empty, Rpc } from './rpc';
import { ContainersService } from './services/containers';
import { ContentService } from './services/content';
import { DiffService } from './services/diff';
import { EventsService } from './services/events';
import { ImagesService } from './services/images';
import { IntrospectionService } from './services/introspection';
import { LeasesService } from './services/leases';
import { NamespacesService } from './services/namespaces';
import { SnapshotsService } from './services/snapshots';
import { TasksService } from './services/tasks';
import { VersionService } from './services/version';
import { VersionResponse } from './generated/api/services/version/v1/version';
import { hostEffects, startContainerd } from './autostart';
import type { AutostartEffects } from './autostart';
import type { Channel } from './transport/channel';
import { connectUnix } from './transport/client';

/** containerd's own default socket. */
export const DEFAULT_ADDRESS = '/run/containerd/containerd.sock';

/** Opens a Channel to a unix socket path; rejects when nothing listens there. */
export type ConnectFn = (path: string) => Channel | Promise<Channel>;

export interface ConnectOptions {
  /** Socket path or unix:// URL; default DEFAULT_ADDRESS. */
  address?: string;
  /** Default namespace of every call (overridable per call). */
  namespace: string;
  /** Start containerd when nothing answers. Default: on for DEFAULT_ADDRESS only. */
  autostart?: boolean;
  /** containerd's log when autostarted: <dataRoot>/containerd.log, else /var/log/nerdts-containerd.log. */
  dataRoot?: string;
  /** Receives the one line saying containerd was started (the CLI prints it on stderr). */
  log?: (line: string) => void;
  /** The transport; default the unix-socket HTTP/2 client. */
  connect?: ConnectFn;
  /** Autostart side effects, for tests. */
  autostartEffects?: AutostartEffects;
}

interface Services {
  version?: VersionService;
  namespaces?: NamespacesService;
  introspection?: IntrospectionService;
  images?: ImagesService;
  content?: ContentService;
  leases?: LeasesService;
  snapshots?: SnapshotsService;
  diff?: DiffService;
  containers?: ContainersService;
  tasks?: TasksService;
  events?: EventsService;
}

/** A connection to containerd with typed adapters; close() when done. */
export class ContainerdClient {
  private readonly services: Services = {};

  constructor(private readonly rpc: Rpc) {}

  /** A client over an already open channel (tests, tools with their own transport). */
  static over(channel: Channel, address: string, namespace: string): ContainerdClient {
    return new ContainerdClient(new Rpc(channel, address, namespace));
  }

  get address(): string { return this.rpc.address; }
  get namespace(): string { return this.rpc.namespace; }

  get version(): VersionService { return (this.services.version ??= new VersionService(this.rpc)); }
  get namespaces(): NamespacesService { return (this.services.namespaces ??= new NamespacesService(this.rpc)); }
  get introspection(): IntrospectionService { return (this.services.introspection ??= new IntrospectionService(this.rpc)); }
  get images(): ImagesService { return (this.services.images ??= new ImagesService(this.rpc)); }
  get content(): ContentService { return (this.services.content ??= new ContentService(this.rpc)); }
  get leases(): LeasesService { return (this.services.leases ??= new LeasesService(this.rpc)); }
  get snapshots(): SnapshotsService { return (this.services.snapshots ??= new SnapshotsService(this.rpc)); }
  get diff(): DiffService { return (this.services.diff ??= new DiffService(this.rpc)); }
  get containers(): ContainersService { return (this.services.containers ??= new ContainersService(this.rpc)); }
  get tasks(): TasksService { return (this.services.tasks ??= new TasksService(this.rpc)); }
  get events(): EventsService { return (this.services.events ??= new EventsService(this.rpc)); }

  /** The same connection with another default namespace; closing either closes both. */
  withNamespace(namespace: string): ContainerdClient {
    return new ContainerdClient(this.rpc.withNamespace(namespace));
  }

  close(): void {
    this.rpc.close();
  }
}

/** The socket path of an address ('/run/x.sock' or 'unix:///run/x.sock'). */
export function socketPath(address: string): string {
  if (address.startsWith('unix://')) return address.slice('unix://'.length);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(address)) {
    throw new NerdtsError('invalid-argument', `unsupported containerd address ${address}`,
      { hint: 'use a unix socket path, e.g. /run/containerd/containerd.sock' });
  }
  return address;
}

/** Connects to containerd, starting it first when allowed and nothing answers. */
export async function connectContainerd(options: ConnectOptions): Promise<ContainerdClient> {
  const address = socketPath(options.address ?? DEFAULT_ADDRESS);
  const connect = options.connect ?? connectUnix;
  try {
    return ContainerdClient.over(await connect(address), address, options.namespace);
  } catch (err) {
    const reason = socketFailure(err);
    if (reason === undefined) throw toNerdtsError(err, address);
    const allowed = options.autostart ?? address === DEFAULT_ADDRESS;
    if (!allowed || reason === 'permission denied') throw connectionError(address, reason, err);
    const channel = await autostart(address, reason, connect, options);
    return ContainerdClient.over(channel, address, options.namespace);
  }
}

// Starts containerd and returns the channel of the probe that first got an answer.
async function autostart(address: string, reason: string, connect: ConnectFn, options: ConnectOptions): Promise<Channel> {
  let live: Channel | undefined;
  const probe = async (): Promise<boolean> => {
    let channel: Channel | undefined;
    try {
      channel = await connect(address);
      await new Rpc(channel, address, '').unary('/containerd.services.version.v1.Version/Version', Empty, {},
        VersionResponse, { timeoutMs: 2000 });
      live = channel;
      return true;
    } catch {
      channel?.close();
      return false;
    }
  };
  const effects = options.autostartEffects ?? hostEffects(probe, options.log ?? (() => {}));
  const logPath = options.dataRoot ? `${options.dataRoot}/containerd.log` : '/var/log/nerdts-containerd.log';
  await startContainerd({ address, customAddress: address !== DEFAULT_ADDRESS, reason, logPath }, effects);
  if (live) return live;
  try {
    return await connect(address);
  } catch (err) {
    throw toNerdtsError(err, address);
  }
}
