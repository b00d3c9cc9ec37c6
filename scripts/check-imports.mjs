// Enforces the dependency rules of docs/architecture.md: compose/ and cni/ import nothing from
// src/ or each other; nothing imports src/cli; no import cycles anywhere.
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname, resolve, relative } from 'node:path';
import { existsSync } from 'node:fs';

const root = resolve(new URL('..', import.meta.url).pathname);
const files = [];
function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== 'node_modules') walk(p); }
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) files.push(p);
  }
}
for (const d of ['src', 'compose', 'cni']) if (existsSync(join(root, d))) walk(join(root, d));

const importRe = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
function resolveImport(from, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const cand of [base + '.ts', join(base, 'index.ts'), base]) if (existsSync(cand) && cand.endsWith('.ts')) return cand;
  return undefined;
}
const graph = new Map();
const problems = [];
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const deps = [];
  for (const m of text.matchAll(importRe)) {
    const target = resolveImport(f, m[1]);
    if (!target) continue;
    deps.push(target);
    const from = relative(root, f), to = relative(root, target);
    const top = (p) => p.split('/')[0];
    if ((top(from) === 'compose' || top(from) === 'cni') && top(to) !== top(from)) problems.push(`${from}: imports ${to} (compose/ and cni/ are standalone libraries)`);
    if (to.startsWith('src/cli/') && !from.startsWith('src/cli/')) problems.push(`${from}: imports ${to} (nothing outside src/cli imports it)`);
  }
  graph.set(f, deps);
}
const state = new Map();
const stack = [];
function visit(n) {
  state.set(n, 1); stack.push(n);
  for (const d of graph.get(n) ?? []) {
    if (state.get(d) === 1) {
      const cyc = stack.slice(stack.indexOf(d)).concat(d).map((p) => relative(root, p));
      problems.push(`import cycle: ${cyc.join(' -> ')}`);
    } else if (!state.has(d)) visit(d);
  }
  stack.pop(); state.set(n, 2);
}
for (const f of files) if (!state.has(f)) visit(f);
if (problems.length) { console.error(problems.join('\n')); process.exit(1); }
