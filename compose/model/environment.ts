// env_file and label_file read into each service's environment and labels
// (compose-go WithServicesEnvironmentResolved / WithServicesLabelsResolved).
import { readInto } from '../env/env-files';
import { ComposeError } from '../errors';
import type { ComposeHost } from '../host';
import type { EnvMapping, Service } from './types';

type Env = Readonly<Record<string, string>>;

/** Fills `environment` from env_file (files in order, `environment` wins); optionally drops env_file. */
export function resolveServiceEnvironment(s: Service, projectEnv: Env, host: ComposeHost, discard: boolean): void {
  const own: EnvMapping = { ...(s.environment ?? {}) };
  for (const [k, v] of Object.entries(own)) if (v === null && Object.hasOwn(projectEnv, k)) own[k] = projectEnv[k]!;
  if (s.env_file && s.env_file.length > 0) {
    const fromFiles: Record<string, string> = {};
    const lookup = (k: string): string | undefined => {
      if (Object.hasOwn(projectEnv, k)) return projectEnv[k];
      const v = Object.hasOwn(own, k) ? own[k] : undefined;
      return v === null ? undefined : v;
    };
    s.env_file.forEach((f, i) => {
      const kind = host.exists(f.path);
      if (kind === undefined) {
        if (!f.required) return;
        throw new ComposeError(`env file ${f.path} not found`, { path: `services.${s.name}.env_file[${i}]` }, { kind: 'not-found' });
      }
      readInto(fromFiles, f.path, host.readFile(f.path), lookup, f.format ?? '');
    });
    s.environment = { ...fromFiles, ...own };
  } else if (s.environment) {
    s.environment = own;
  }
  if (discard) delete s.env_file;
}

/** Adds labels from label_file (explicit `labels` win); optionally drops label_file. */
export function resolveServiceLabels(s: Service, host: ComposeHost, discard: boolean): void {
  if (s.label_file && s.label_file.length > 0) {
    const fromFiles: Record<string, string> = {};
    s.label_file.forEach((path, i) => {
      if (host.exists(path) !== 'file') throw new ComposeError(`label file ${path} not found`, { path: `services.${s.name}.label_file[${i}]` }, { kind: 'not-found' });
      readInto(fromFiles, path, host.readFile(path), () => undefined, '');
    });
    s.labels = { ...fromFiles, ...(s.labels ?? {}) };
  }
  if (discard) delete s.label_file;
}
