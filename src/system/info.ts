// `nerdts version` (server part) and `nerdts info`: facts about containerd, runc and the host.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ContainerdClient } from '../containerd/client';
import type { GlobalOptions } from '../config';

export interface ServerComponent { Name: string; Version: string; Details?: Record<string, string> }

function runcVersion(): Promise<ServerComponent | undefined> {
  return new Promise((resolve) => {
    execFile('runc', ['--version'], { timeout: 2000 }, (err, stdout) => {
      if (err) return resolve(undefined);
      const version = /runc version (\S+)/.exec(stdout)?.[1] ?? 'unknown';
      const commit = /commit: (\S+)/.exec(stdout)?.[1];
      resolve({ Name: 'runc', Version: version, ...(commit && { Details: { GitCommit: commit } }) });
    });
  });
}

/** containerd's and runc's versions, as `version`'s Server block lists them. */
export async function serverComponents(client: ContainerdClient): Promise<ServerComponent[]> {
  const [v, runc] = await Promise.all([client.version.get(), runcVersion()]);
  const out: ServerComponent[] = [{ Name: 'containerd', Version: v.version, Details: { GitCommit: v.revision } }];
  if (runc) out.push(runc);
  return out;
}

function cgroupVersion(): '1' | '2' {
  try {
    return readFileSync('/proc/self/mountinfo', 'utf8').includes(' /sys/fs/cgroup rw') && readFileSync('/proc/filesystems', 'utf8').includes('cgroup2')
      && !readFileSync('/proc/self/cgroup', 'utf8').includes(':memory:') ? '2' : '1';
  } catch {
    return '1';
  }
}

function osName(): string {
  try {
    return /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'Linux';
  } catch {
    return 'Linux';
  }
}

/** docker-info-shaped facts. */
export async function systemInfo(client: ContainerdClient, globals: GlobalOptions): Promise<Record<string, unknown>> {
  const [v, containers, images, plugins] = await Promise.all([
    client.version.get(), client.containers.list(), client.images.list(), client.introspection.plugins(),
  ]);
  const tasks = await client.tasks.list();
  const running = tasks.filter((t) => t.status === 2).length;
  const paused = tasks.filter((t) => t.status === 4).length;
  const os = await import('node:os');
  return {
    ID: v.revision, Containers: containers.length, ContainersRunning: running, ContainersPaused: paused,
    ContainersStopped: containers.length - running - paused, Images: images.length,
    Driver: globals.snapshotter, Namespace: globals.namespace, Address: globals.address,
    CgroupDriver: globals.cgroupManager, CgroupVersion: cgroupVersion(),
    Plugins: {
      Snapshotters: plugins.filter((p) => p.type === 'io.containerd.snapshotter.v1' && !p.initErr).map((p) => p.id),
      Log: ['json-file', 'none'], Network: ['bridge', 'host', 'none'],
    },
    KernelVersion: os.release(), OperatingSystem: osName(), OSType: 'linux', Architecture: os.arch() === 'x64' ? 'x86_64' : os.arch(),
    NCPU: os.cpus().length, MemTotal: os.totalmem(), Name: os.hostname(), ServerVersion: v.version,
    DataRoot: globals.dataRoot,
  };
}
