// Parsing and formatting of network configuration documents. A `.conflist` has `plugins`; a
// single-plugin `.conf` is read as a list of one, as libcni did for years.
import { CniError, messageOf } from './errors';
import type { NetworkConfigList, PluginConfig } from './types';

/** Parses a `.conf`/`.conflist`/`.json` document; `source` names the file in errors. */
export function parseNetworkConfig(text: string | Buffer, source = 'network config'): NetworkConfigList {
  const doc = parseObject(text, source);
  if (typeof doc.name !== 'string' || doc.name === '') throw invalid(source, 'no network name');
  if (doc.cniVersion !== undefined && typeof doc.cniVersion !== 'string') {
    throw invalid(source, `invalid cniVersion type ${typeof doc.cniVersion}`);
  }
  const cniVersion = doc.cniVersion ?? '';
  const list: NetworkConfigList = doc.plugins === undefined
    ? { cniVersion, name: doc.name, plugins: readPlugins(doc, source) }
    : { ...doc, name: doc.name, cniVersion, plugins: readPlugins(doc, source) };
  if (doc.disableCheck !== undefined) list.disableCheck = readBool(doc.disableCheck, 'disableCheck', source);
  return list;
}

function parseObject(text: string | Buffer, source: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(typeof text === 'string' ? text : text.toString('utf8'));
  } catch (err) {
    throw invalid(source, `not valid JSON: ${messageOf(err)}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw invalid(source, 'not a JSON object');
  return doc as Record<string, unknown>;
}

function readPlugins(doc: Record<string, unknown>, source: string): PluginConfig[] {
  if (doc.plugins === undefined) {
    if (typeof doc.type === 'string' && doc.type !== '') return [{ ...doc, type: doc.type }];
    throw invalid(source, 'no plugins in list');
  }
  if (!Array.isArray(doc.plugins)) throw invalid(source, "invalid 'plugins' type");
  if (doc.plugins.length === 0) throw invalid(source, 'no plugins in list');
  return doc.plugins.map((p: unknown, i) => {
    if (typeof p !== 'object' || p === null || Array.isArray(p)) throw invalid(source, `plugin ${i} is not an object`);
    const type = (p as Record<string, unknown>).type;
    if (typeof type !== 'string' || type === '') throw invalid(source, `plugin ${i}: missing 'type'`);
    return p as PluginConfig;
  });
}

// libcni accepts booleans and the strings "true"/"false" here.
function readBool(value: unknown, key: string, source: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw invalid(source, `invalid value for ${key}`);
}

function invalid(source: string, what: string): CniError {
  return new CniError('invalid-config', `${source}: ${what}`, {
    hint: 'see https://www.cni.dev/docs/spec/ for the network configuration format',
  });
}

/** CNI network names (libcni's rule): alphanumeric first, then alphanumerics, `_`, `.` or `-`. */
export function isValidNetworkName(name: string): boolean {
  return /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name);
}

/**
 * Formats a document the way Go's json.MarshalIndent(v, "", "  ") does: 2-space indent, no
 * trailing newline, and <, >, & (plus U+2028/U+2029) escaped, so files match nerdctl's bytes.
 */
export function formatNetworkConfig(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
