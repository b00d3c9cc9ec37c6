// docker-compatible `image inspect` JSON, built from containerd's image record and the OCI config.

/** The subset of an OCI/docker image config that inspect and listings read. */
export interface ImageConfigFile {
  created?: string;
  author?: string;
  architecture?: string;
  os?: string;
  variant?: string;
  config?: ImageRuntimeConfig;
  rootfs?: { type?: string; diff_ids?: string[] };
  history?: Array<{ created?: string; created_by?: string; comment?: string; empty_layer?: boolean; author?: string }>;
  comment?: string;
}

export interface ImageRuntimeConfig {
  User?: string;
  ExposedPorts?: Record<string, object>;
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Volumes?: Record<string, object>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number };
  OnBuild?: string[] | null;
  Shell?: string[];
  ArgsEscaped?: boolean;
}

export interface ImageInspectInput {
  /** config digest */
  id: string;
  /** every image record name that points at this image (full references) */
  repoTags: string[];
  repoDigests: string[];
  config: ImageConfigFile;
  /** unpacked size in bytes (docker's Size) */
  size: number;
  snapshotter: string;
  lastTagTime?: Date;
  target: { mediaType: string; digest: string; size: number };
}

/** docker's ImageInspect shape (the fields docker users script against). */
export function imageInspect(i: ImageInspectInput): Record<string, unknown> {
  const c = i.config.config ?? {};
  return {
    Id: i.id,
    RepoTags: i.repoTags,
    RepoDigests: i.repoDigests,
    Parent: '',
    Comment: i.config.comment ?? '',
    Created: i.config.created ?? '',
    DockerVersion: '',
    Author: i.config.author ?? '',
    Config: {
      Hostname: '', Domainname: '', User: c.User ?? '',
      AttachStdin: false, AttachStdout: false, AttachStderr: false,
      ExposedPorts: c.ExposedPorts ?? undefined,
      Tty: false, OpenStdin: false, StdinOnce: false,
      Env: c.Env ?? null, Cmd: c.Cmd ?? null, Healthcheck: c.Healthcheck ?? undefined,
      Image: '', Volumes: c.Volumes ?? null, WorkingDir: c.WorkingDir ?? '',
      Entrypoint: c.Entrypoint ?? null, OnBuild: c.OnBuild ?? null, Labels: c.Labels ?? null,
      StopSignal: c.StopSignal ?? undefined, Shell: c.Shell ?? undefined,
    },
    Architecture: i.config.architecture ?? '',
    Variant: i.config.variant ?? undefined,
    Os: i.config.os ?? '',
    Size: i.size,
    GraphDriver: { Data: null, Name: i.snapshotter },
    RootFS: { Type: i.config.rootfs?.type ?? 'layers', Layers: i.config.rootfs?.diff_ids ?? [] },
    Metadata: { LastTagTime: i.lastTagTime ? i.lastTagTime.toISOString() : '0001-01-01T00:00:00Z' },
    Descriptor: i.target,
  };
}
