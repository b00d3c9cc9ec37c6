// Top-level resource definitions of the typed model: networks, volumes, secrets and configs.
import type { Extensions } from './types';

/** A top-level network. */
export interface Network {
  /** The engine-level name (`<project>_<key>` unless set or external). */
  name: string;
  driver?: string;
  driver_opts?: Record<string, string>;
  ipam?: { driver?: string; config?: IpamPool[]; options?: Record<string, string> };
  external?: boolean;
  internal?: boolean;
  attachable?: boolean;
  labels?: Record<string, string>;
  enable_ipv4?: boolean;
  enable_ipv6?: boolean;
  extensions?: Extensions;
}

/** One IPAM address pool. */
export interface IpamPool { subnet?: string; gateway?: string; ip_range?: string; aux_addresses?: Record<string, string> }

/** A top-level named volume. */
export interface Volume {
  name: string;
  driver?: string;
  driver_opts?: Record<string, string>;
  external?: boolean;
  labels?: Record<string, string>;
  extensions?: Extensions;
}

/** A top-level secret or config. */
export interface FileObject {
  name: string;
  file?: string;
  environment?: string;
  /** Inline content (configs), or the value of `environment` once resolved. */
  content?: string;
  external?: boolean;
  labels?: Record<string, string>;
  driver?: string;
  driver_opts?: Record<string, string>;
  template_driver?: string;
  extensions?: Extensions;
}

/** A top-level AI model definition (kept as written). */
export interface Model {
  name?: string;
  model: string;
  context_size?: number;
  runtime_flags?: string[];
}
