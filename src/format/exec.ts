// Executes a parsed template against a value with Go text/template semantics: pipelines, variables,
// if/with/range (maps in sorted key order, break/continue), template calls, function calls, and
// Go's error texts (`template: :1:2: executing "" at <.Foo>: ...`).

import type { ArgNode, AnyNode, ChainNode, CommandNode, ControlNode, ListNode, Node, PipeNode, TemplateNode, VariableNode } from './ast';
import { lineColumn, nodeString } from './ast';
import type { FuncSpec, ParamType } from './funcs';
import { formatValue } from './printf';
import { goQuote } from './quote';
import { TemplateError } from './template-error';
import { HeaderRow, goTypeName, isMarkedMap, isTrue, kindOf, sortedEntries } from './values';
import { callValue, fastFields, literalArgProblem, lookupMember, NOT_FOUND, SLOW, valueArgProblem } from './members';

/**
 * What a missing field on a plain object does: 'no-value' prints `<no value>` (a Go map),
 * 'error' fails with `map has no entry for key "X"` (docker inspect), 'struct' fails with
 * `can't evaluate field X in type T` (docker's listing rows, which are Go structs).
 */
export type MissingKey = 'no-value' | 'error' | 'struct';

/** Everything execution needs besides the data: the parsed templates and the environment. */
export interface ExecContext {
  source: string;
  name: string;
  templates: ReadonlyMap<string, ListNode>;
  funcs: ReadonlyMap<string, FuncSpec>;
  missingKey: MissingKey;
  typeName: string;
}

const MISSING = Symbol('missing'); // no value flowing in from a previous pipeline stage
const NORMAL = 0, BREAK = 1, CONTINUE = 2;
const MAX_DEPTH = 1000;

/** Renders the context's main template for `data`; throws TemplateError (with the partial output). */
export function execute(ctx: ExecContext, data: unknown): string {
  const state = new State(ctx, data);
  state.walk(data, ctx.templates.get(ctx.name)!);
  return state.out;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

class State {
  out = '';
  private node: AnyNode | null = null;
  private varNames: string[] = ['$'];
  private varValues: unknown[];
  private tmplName: string;
  private depth = 0;

  constructor(private readonly ctx: ExecContext, private readonly root: unknown) {
    this.varValues = [root];
    this.tmplName = ctx.name;
  }

  private fail(message: string): never {
    const n = this.node;
    const text = n === null
      ? `template: ${this.tmplName}: ${message}`
      : `template: ${this.ctx.name}:${lineColumn(this.ctx.source, n.pos)}: executing ${goQuote(this.tmplName)} at <${nodeString(n)}>: ${message}`;
    throw new TemplateError(text, this.out);
  }

  walk(dot: unknown, node: Node): number {
    this.node = node;
    switch (node.kind) {
      case 'text': this.out += node.text; return NORMAL;
      case 'action': {
        const fast = node.fastField;
        if (fast !== undefined) {
          const v = fastFields(dot, fast);
          if (typeof v === 'string') { this.out += v; return NORMAL; }
          if (v !== SLOW && typeof v !== 'object') { this.out += formatValue(v); return NORMAL; }
        }
        const v = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, v);
        return NORMAL;
      }
      case 'list':
        for (const n of node.nodes) {
          const flow = this.walk(dot, n);
          if (flow !== NORMAL) return flow;
        }
        return NORMAL;
      case 'if': case 'with': return this.walkIfOrWith(dot, node);
      case 'range': this.walkRange(dot, node); return NORMAL;
      case 'template': this.walkTemplate(dot, node); return NORMAL;
      case 'break': return BREAK;
      case 'continue': return CONTINUE;
    }
  }

  private walkIfOrWith(dot: unknown, n: ControlNode): number {
    const mark = this.varNames.length;
    const val = this.evalPipeline(dot, n.pipe);
    let flow = NORMAL;
    if (isTrue(val)) flow = this.walk(n.kind === 'with' ? val : dot, n.list);
    else if (n.elseList) flow = this.walk(dot, n.elseList);
    this.popVars(mark);
    return flow;
  }

  private walkRange(dot: unknown, r: ControlNode): void {
    this.node = r;
    const mark = this.varNames.length;
    const val = this.evalPipeline(dot, r.pipe);
    const inner = this.varNames.length;
    const decl = r.pipe.decl;
    const one = (index: unknown, elem: unknown): number => {
      if (decl.length > 0) {
        if (!r.pipe.isAssign) this.varValues[this.varValues.length - 1] = elem;
        else this.setVar(decl[0]!.idents[0]!, decl.length > 1 ? index : elem);
      }
      if (decl.length > 1) {
        if (!r.pipe.isAssign) this.varValues[this.varValues.length - 2] = index;
        else this.setVar(decl[1]!.idents[0]!, elem);
      }
      const flow = this.walk(elem, r.list);
      this.popVars(inner);
      return flow;
    };
    const ran = this.iterate(val, decl.length, one);
    if (!ran && r.elseList) this.walk(dot, r.elseList);
    this.popVars(mark);
  }

  // Runs `one` per element; returns whether the body ran at least once.
  private iterate(val: unknown, nvars: number, one: (index: unknown, elem: unknown) => number): boolean {
    switch (kindOf(val)) {
      case 'slice': case 'bytes': {
        const list = val as ArrayLike<unknown>;
        for (let i = 0; i < list.length; i++) if (one(i, list[i]) === BREAK) break;
        return list.length > 0;
      }
      case 'map': {
        const entries = sortedEntries(val as object);
        for (const [k, v] of entries) if (one(k, v) === BREAK) break;
        return entries.length > 0;
      }
      case 'int': {
        if (nvars > 1) this.fail(`can't use ${formatValue(val)} to iterate over more than one variable`);
        const n = Number(val);
        for (let i = 0; i < n; i++) if (one(i, i) === BREAK) break;
        return n > 0;
      }
      case 'invalid': case 'nil': return false;
      default: this.fail(`range can't iterate over ${formatValue(val)}`);
    }
  }

  private walkTemplate(dot: unknown, t: TemplateNode): void {
    this.node = t;
    const body = this.ctx.templates.get(t.name);
    if (body === undefined) this.fail(`template ${goQuote(t.name)} not defined`);
    if (this.depth >= MAX_DEPTH) this.fail(`exceeded maximum template depth (${MAX_DEPTH})`);
    const newDot = t.pipe ? this.evalPipeline(dot, t.pipe) : undefined;
    const saved = { names: this.varNames, values: this.varValues, name: this.tmplName };
    this.varNames = ['$'];
    this.varValues = [newDot];
    this.tmplName = t.name;
    this.depth++;
    this.walk(newDot, body);
    this.depth--;
    this.varNames = saved.names;
    this.varValues = saved.values;
    this.tmplName = saved.name;
  }

  private popVars(mark: number): void {
    this.varNames.length = mark;
    this.varValues.length = mark;
  }

  private varIndex(name: string): number {
    for (let i = this.varNames.length - 1; i >= 0; i--) if (this.varNames[i] === name) return i;
    this.fail(`undefined variable: ${name}`);
  }

  private setVar(name: string, value: unknown): void {
    this.varValues[this.varIndex(name)] = value;
  }

  private evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.node = pipe;
    let value: unknown = MISSING;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.idents[0]!, value);
      else {
        this.varNames.push(v.idents[0]!);
        this.varValues.push(value);
      }
    }
    return value;
  }

  private notAFunction(args: readonly ArgNode[], final: unknown): void {
    if (args.length > 1 || final !== MISSING) this.fail(`can't give argument to non-function ${nodeString(args[0]!)}`);
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: unknown): unknown {
    const first = cmd.args[0]!;
    switch (first.kind) {
      case 'field':
        this.node = first;
        return this.evalFieldChain(dot, dot, first, first.idents, 0, cmd.args, final);
      case 'chain': return this.evalChain(dot, first, cmd.args, final);
      case 'identifier': return this.evalFunction(dot, first.name, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable': return this.evalVariable(dot, first, cmd.args, final);
    }
    this.node = first;
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool': return first.value;
      case 'dot': return dot;
      case 'number': return first.value;
      case 'string': return first.text;
      default: this.fail('nil is not a command');
    }
  }

  private evalChain(dot: unknown, chain: ChainNode, args: readonly ArgNode[] | null, final: unknown): unknown {
    this.node = chain;
    if (chain.node.kind === 'nil') this.fail(`indirection through explicit nil in ${nodeString(chain)}`);
    const receiver = this.evalArg(dot, chain.node);
    return this.evalFieldChain(dot, receiver, chain, chain.fields, 0, args, final);
  }

  private evalVariable(dot: unknown, v: VariableNode, args: readonly ArgNode[] | null, final: unknown): unknown {
    this.node = v;
    const value = this.varValues[this.varIndex(v.idents[0]!)];
    if (v.idents.length === 1) {
      if (args) this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.idents, 1, args, final);
  }

  private evalFieldChain(dot: unknown, receiver: unknown, node: AnyNode, idents: readonly string[], from: number,
    args: readonly ArgNode[] | null, final: unknown): unknown {
    if (receiver instanceof HeaderRow) return receiver.title(idents.slice(from));
    const last = idents.length - 1;
    for (let i = from; i < last; i++) receiver = this.evalField(dot, idents[i]!, node, null, MISSING, receiver);
    return this.evalField(dot, idents[last]!, node, args, final, receiver);
  }

  private evalField(dot: unknown, name: string, node: AnyNode, args: readonly ArgNode[] | null, final: unknown,
    receiver: unknown): unknown {
    if (receiver === undefined) {
      if (this.ctx.missingKey === 'error') this.fail(`nil data; no entry for key ${goQuote(name)}`);
      return undefined;
    }
    if (receiver === null) this.fail(`nil pointer evaluating interface {}.${name}`);
    const k = kindOf(receiver);
    if (k !== 'map') this.fail(`can't evaluate field ${name} in type ${goTypeName(receiver)}`);
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    const obj = receiver as object;
    const value = obj instanceof Map ? (obj.has(name) && obj.get(name) !== undefined ? obj.get(name) : NOT_FOUND) : lookupMember(obj, name);
    if (typeof value === 'function' && !(obj instanceof Map)) return this.callMethod(dot, value, obj, node, name, args, final);
    if (hasArgs) {
      const isMap = isMarkedMap(obj) || this.ctx.missingKey !== 'struct';
      this.fail(isMap ? `${name} is not a method but has arguments` : `${name} has arguments but cannot be invoked as function`);
    }
    if (value !== NOT_FOUND) return value;
    if (isMarkedMap(obj) || this.ctx.missingKey === 'no-value') return undefined;
    if (this.ctx.missingKey === 'error') this.fail(`map has no entry for key ${goQuote(name)}`);
    this.fail(`can't evaluate field ${name} in type ${receiver === this.root ? this.ctx.typeName : 'struct'}`);
  }

  private evalFunction(dot: unknown, name: string, ident: AnyNode, cmd: AnyNode, args: readonly ArgNode[] | null,
    final: unknown): unknown {
    this.node = ident;
    const spec = this.ctx.funcs.get(name);
    if (spec === undefined) this.fail(`${goQuote(name)} is not a defined function`);
    const argNodes = args ? args.length - 1 : 0;
    const numIn = argNodes + (final === MISSING ? 0 : 1);
    if (spec.variadic !== undefined) {
      if (numIn < spec.params.length) this.fail(`wrong number of args for ${name}: want at least ${spec.params.length} got ${argNodes}`);
    } else if (numIn !== spec.params.length) {
      this.fail(`wrong number of args for ${name}: want ${spec.params.length} got ${numIn}`);
    }
    if (spec.special === 'and' || spec.special === 'or') return this.andOr(dot, spec.special, args ?? [], final);
    const argv: unknown[] = [];
    for (let i = 1; i < (args?.length ?? 0); i++) {
      const a = args![i]!;
      const type = this.paramType(spec, i - 1);
      argv.push(spec.special === 'call' && i === 1 ? this.evalCallee(dot, a) : this.evalTypedArg(dot, a, type));
    }
    if (final !== MISSING) argv.push(this.validate(final, this.paramType(spec, numIn - 1)));
    let result: unknown;
    try {
      result = spec.special === 'call' ? callValue(nodeString(args![1]!), argv) : spec.fn(...argv);
    } catch (err) {
      this.node = cmd;
      this.fail(`error calling ${name}: ${errorText(err)}`);
    }
    return result;
  }

  private paramType(spec: FuncSpec, i: number): ParamType {
    return i < spec.params.length ? spec.params[i]! : spec.variadic ?? 'any';
  }

  private andOr(dot: unknown, op: 'and' | 'or', args: readonly ArgNode[], final: unknown): unknown {
    let v: unknown;
    for (let i = 1; i < args.length; i++) {
      v = this.evalArg(dot, args[i]!);
      if (isTrue(v) === (op === 'or')) return v;
    }
    return final === MISSING ? v : final;
  }

  private callMethod(dot: unknown, fn: Function, self: object, node: AnyNode, name: string, args: readonly ArgNode[] | null,
    final: unknown): unknown {
    const argv: unknown[] = [];
    for (let i = 1; i < (args?.length ?? 0); i++) argv.push(this.evalTypedArg(dot, args![i]!, 'any'));
    if (final !== MISSING) argv.push(final ?? null);
    try {
      return fn.apply(self, argv);
    } catch (err) {
      this.node = node;
      this.fail(`error calling ${name}: ${errorText(err)}`);
    }
  }

  // The first argument of `call`: a method is handed over as a function instead of being invoked.
  private evalCallee(dot: unknown, n: ArgNode): unknown {
    let receiver: unknown;
    let from: number;
    if (n.kind === 'field') { receiver = dot; from = 0; }
    else if (n.kind === 'variable' && n.idents.length > 1) { receiver = this.varValues[this.varIndex(n.idents[0]!)]; from = 1; }
    else return this.evalArg(dot, n);
    this.node = n;
    const idents = n.idents;
    for (let i = from; i < idents.length - 1; i++) receiver = this.evalField(dot, idents[i]!, n, null, MISSING, receiver);
    if (receiver !== null && typeof receiver === 'object' && !(receiver instanceof Map)) {
      const m = lookupMember(receiver, idents[idents.length - 1]!);
      if (typeof m === 'function') return m.bind(receiver);
    }
    return this.evalField(dot, idents[idents.length - 1]!, n, null, MISSING, receiver);
  }

  private evalTypedArg(dot: unknown, n: ArgNode, type: ParamType): unknown {
    if (type !== 'any') {
      this.node = n;
      const problem = literalArgProblem(n, type);
      if (problem) this.fail(problem);
    }
    return this.validate(this.evalArg(dot, n), type);
  }

  private validate(v: unknown, type: ParamType): unknown {
    const problem = valueArgProblem(v, type);
    if (problem) this.fail(problem);
    return type === 'any' ? v ?? null : type === 'int' ? Number(v) : v;
  }

  private evalArg(dot: unknown, n: ArgNode): unknown {
    this.node = n;
    switch (n.kind) {
      case 'dot': return dot;
      case 'nil': return null;
      case 'field': return this.evalFieldChain(dot, dot, n, n.idents, 0, null, MISSING);
      case 'variable': return this.evalVariable(dot, n, null, MISSING);
      case 'pipe': return this.evalPipeline(dot, n);
      case 'identifier': return this.evalFunction(dot, n.name, n, n, null, MISSING);
      case 'chain': return this.evalChain(dot, n, null, MISSING);
      case 'bool': return n.value;
      case 'number': return n.value;
      case 'string': return n.text;
    }
  }

  private printValue(node: AnyNode, v: unknown): void {
    this.node = node;
    if (typeof v === 'string') this.out += v;
    else if (v === undefined) this.out += '<no value>';
    else if (typeof v === 'function') this.fail(`can't print ${nodeString(node)} of type func()`);
    else this.out += formatValue(v);
  }
}
