// Compiled --format templates: parse once, execute per value. Errors become
// NerdtsError('invalid-argument') with docker's "template parsing error: " prefix, which docker
// uses for both parse and execution failures (cli/command/formatter, cli/command/inspect).

import type { ListNode } from './ast';
import { DOCKER_FUNCS } from './docker-funcs';
import { execute, type ExecContext, type MissingKey } from './exec';
import { GO_BUILTINS, type FuncSpec } from './funcs';
import { parseTemplate } from './parser';
import { TemplateError } from './template-error';
import { NerdtsError } from '../errors';

export type { MissingKey } from './exec';
export type { FuncSpec, ParamType } from './funcs';

/** How a template is parsed and executed. */
export interface TemplateOptions {
  /** Template name shown in messages (`template: NAME:1:2: ...`); docker uses "". */
  name?: string;
  /** Missing fields on plain objects: 'no-value' (default), 'error' (inspect) or 'struct' (listing rows). */
  missingKey?: MissingKey;
  /** Go type named by 'struct' errors for the top-level value, e.g. `*formatter.ContainerContext`. */
  typeName?: string;
  /** Extra functions; a plain function takes any arguments, a FuncSpec declares parameter types. */
  funcs?: Readonly<Record<string, ((...args: any[]) => unknown) | FuncSpec>>;
}

const PREFIX = 'template parsing error: ';

let defaultFuncs: Map<string, FuncSpec> | undefined;

function baseFuncs(): Map<string, FuncSpec> {
  defaultFuncs ??= new Map([...Object.entries(GO_BUILTINS), ...Object.entries(DOCKER_FUNCS)]);
  return defaultFuncs;
}

function toSpec(f: ((...args: any[]) => unknown) | FuncSpec): FuncSpec {
  return typeof f === 'function' ? { params: [], variadic: 'any', fn: f } : f;
}

/** Wraps an engine error the way docker reports it; other errors pass through. */
function userError(err: unknown): unknown {
  if (!(err instanceof TemplateError)) return err;
  return new NerdtsError('invalid-argument', PREFIX + err.message, { cause: err });
}

/** A parsed template; execute() may be called any number of times. */
export class Template {
  private readonly ctx: ExecContext;

  /** @internal use compileTemplate(). */
  constructor(source: string, templates: ReadonlyMap<string, ListNode>, funcs: ReadonlyMap<string, FuncSpec>, options: TemplateOptions) {
    this.ctx = {
      source,
      name: options.name ?? '',
      templates,
      funcs,
      missingKey: options.missingKey ?? 'no-value',
      typeName: options.typeName ?? 'struct',
    };
  }

  /** Renders the template for `data`. Throws NerdtsError('invalid-argument') on execution errors. */
  execute(data: unknown): string {
    try {
      return execute(this.ctx, data);
    } catch (err) {
      throw userError(err);
    }
  }

  /**
   * Renders with some functions replaced (docker's header functions); on failure returns what was
   * written before the error, since docker ignores header errors.
   */
  executeLenient(data: unknown, overrides: Readonly<Record<string, FuncSpec>>): string {
    const funcs = new Map(this.ctx.funcs);
    for (const [k, v] of Object.entries(overrides)) funcs.set(k, v);
    try {
      return execute({ ...this.ctx, funcs }, data);
    } catch (err) {
      if (err instanceof TemplateError) return err.partial;
      throw err;
    }
  }
}

/** Parses Go text/template source with Go's builtins and docker's functions; throws NerdtsError on syntax errors. */
export function compileTemplate(source: string, options: TemplateOptions = {}): Template {
  let funcs = baseFuncs();
  if (options.funcs) {
    funcs = new Map(funcs);
    for (const [k, v] of Object.entries(options.funcs)) funcs.set(k, toSpec(v));
  }
  try {
    const templates = parseTemplate(source, options.name ?? '', (fn) => funcs.has(fn));
    return new Template(source, templates, funcs, options);
  } catch (err) {
    throw userError(err);
  }
}

/** Compiles and runs a template once. */
export function renderTemplate(source: string, data: unknown, options?: TemplateOptions): string {
  return compileTemplate(source, options).execute(data);
}
