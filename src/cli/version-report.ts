// `nerdts version` and `nerdts --version`: the client part in docker's layout, plus the server
// components (containerd, runc) once the containerd client supplies them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NerdtsError } from '../errors';

// Build-time constants; absent until scripts/build.mjs defines them.
declare const NERDTS_VERSION: string | undefined;
declare const NERDTS_GIT_COMMIT: string | undefined;

export interface ComponentVersion { Name: string; Version: string; Details?: Record<string, string> }
export interface VersionInfo {
  Client: { Version: string; GitCommit?: string; NodeVersion: string; Os: string; Arch: string };
  Server?: { Components: ComponentVersion[] };
}

const GO_ARCH: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

/** This client's version facts. */
export function clientVersion(): VersionInfo['Client'] {
  const commit = typeof NERDTS_GIT_COMMIT === 'string' && NERDTS_GIT_COMMIT ? NERDTS_GIT_COMMIT : undefined;
  return {
    Version: typeof NERDTS_VERSION === 'string' && NERDTS_VERSION ? NERDTS_VERSION : packageVersion(),
    ...(commit ? { GitCommit: commit } : {}),
    NodeVersion: process.version,
    Os: process.platform,
    Arch: GO_ARCH[process.arch] ?? process.arch,
  };
}

/** package.json next to dist/ when the build did not stamp a version. */
function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'nerdts' && pkg.version) return pkg.version;
  } catch { /* not installed next to a package.json: a development build */ }
  return 'dev';
}

/** `nerdts --version`: docker's one-liner. */
export function versionLine(client: VersionInfo['Client'] = clientVersion()): string {
  return `nerdts version ${client.Version}${client.GitCommit ? `, build ${client.GitCommit}` : ''}\n`;
}

/** The version report: docker's `Client:`/`Server:` blocks, or `--format` (json, {{json .}}, {{.Client.Version}}). */
export function versionText(opts: { format?: string | undefined; server?: VersionInfo['Server'] }): string {
  const info: VersionInfo = { Client: clientVersion(), ...(opts.server ? { Server: opts.server } : {}) };
  if (opts.format) return `${applyFormat(opts.format, info)}\n`;
  const c = info.Client;
  const client = [['Version:', c.Version], ...(c.GitCommit ? [['Git commit:', c.GitCommit]] : []),
    ['Node.js version:', c.NodeVersion], ['OS/Arch:', `${c.Os}/${c.Arch}`]] as Array<[string, string]>;
  let text = `Client:\n${aligned(' ', client)}`;
  if (info.Server) {
    text += '\nServer:\n';
    for (const comp of info.Server.Components) {
      text += ` ${comp.Name}:\n${aligned('  ', [['Version:', comp.Version], ...Object.entries(comp.Details ?? {}).map(([k, v]): [string, string] => [`${k}:`, v])])}`;
    }
  }
  return text;
}

/** docker's tabwriter(minwidth 20, padding 1): values start at column 20 or after the longest key. */
function aligned(indent: string, rows: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(20, ...rows.map(([k]) => indent.length + k.length + 1));
  return rows.map(([k, v]) => `${(indent + k).padEnd(width)}${v}\n`).join('');
}

function applyFormat(format: string, info: VersionInfo): string {
  if (format === 'json') return JSON.stringify(info);
  const rest = format.replace(/\{\{\s*(json\s+)?\.([\w.]*)\s*\}\}/g, (_, json: string | undefined, field: string) => {
    let v: unknown = info;
    for (const key of field.split('.').filter(Boolean)) v = (v as Record<string, unknown> | undefined)?.[key];
    return json || typeof v === 'object' ? JSON.stringify(v ?? null) : String(v ?? '<no value>');
  });
  if (rest.includes('{{')) {
    throw new NerdtsError('invalid-argument', `unsupported --format template: ${format}`,
      { hint: "use 'json', '{{json .}}' or field references such as '{{.Client.Version}}'" });
  }
  return rest;
}
