// Recursive-descent parser for Go text/template, following Go's grammar and its error texts
// (`template: :1: unexpected "}" in operand`), so users see the messages docker would print.

import type { ArgNode, CommandNode, ControlNode, ListNode, Node, PipeNode, TemplateNode, VariableNode } from './ast';
import { nodeString } from './ast';
import { isKeyword, lex, type Token, type TokenType } from './lexer';
import { parseNumber, unquoteString } from './literals';
import { goQuote } from './quote';
import { TemplateError } from './template-error';

interface EndNode { kind: 'end'; pos: number }
interface ElseNode { kind: 'else'; pos: number }
type Item = Node | EndNode | ElseNode;

const OPERAND_START = new Set<TokenType>(['bool', 'charConstant', 'dot', 'field', 'identifier', 'number', 'nil',
  'rawString', 'string', 'variable', 'leftParen']);
const MAX_PAREN_DEPTH = 1000;

function tokenString(t: Token): string {
  if (t.type === 'eof') return 'EOF';
  if (t.type === 'error') return t.val;
  if (isKeyword(t.type)) return `<${t.val}>`;
  if (Buffer.byteLength(t.val) > 10) return goQuote(Array.from(t.val).slice(0, 10).join('')) + '...';
  return goQuote(t.val);
}

function itemString(n: Item): string {
  return n.kind === 'end' ? '{{end}}' : n.kind === 'else' ? '{{else}}' : nodeString(n);
}

function isEmptyTree(n: Node): boolean {
  if (n.kind === 'list') return n.nodes.every(isEmptyTree);
  return n.kind === 'text' && n.text.trim() === '';
}

/** Parses a template; returns every template it defines, the main one under `name`. */
export function parseTemplate(source: string, name: string, hasFunc: (fn: string) => boolean): Map<string, ListNode> {
  const p = new Parser(lex(source), name, hasFunc);
  p.parse();
  return p.defs;
}

interface Scope { vars: string[]; rangeDepth: number }

class Parser {
  readonly defs = new Map<string, ListNode>();
  private idx = 0;
  private seen = 0; // furthest token read: Go reports the line of its latest token
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private actionLine = 0;
  private parenDepth = 0;

  constructor(private readonly toks: Token[], private readonly name: string, private readonly hasFunc: (fn: string) => boolean) {}

  private next(): Token {
    const i = Math.min(this.idx++, this.toks.length - 1);
    if (i > this.seen) this.seen = i;
    return this.toks[i]!;
  }

  private backup(): void { this.idx--; }

  private peek(): Token {
    const t = this.next();
    this.backup();
    return t;
  }

  private nextNonSpace(): Token {
    let t = this.next();
    while (t.type === 'space') t = this.next();
    return t;
  }

  private peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  private fail(message: string): never {
    throw new TemplateError(`template: ${this.name}:${this.toks[this.seen]!.line}: ${message}`);
  }

  private unexpected(t: Token, context: string): never {
    if (t.type === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.name}:${this.actionLine}`;
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.fail(t.val + extra);
    }
    this.fail(`unexpected ${tokenString(t)} in ${context}`);
  }

  private expect(type: TokenType, context: string): Token {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }

  private newScope(): Scope {
    const saved = { vars: this.vars, rangeDepth: this.rangeDepth };
    this.vars = ['$'];
    this.rangeDepth = 0;
    return saved;
  }

  private restoreScope(s: Scope): void {
    this.vars = s.vars;
    this.rangeDepth = s.rangeDepth;
  }

  private add(name: string, list: ListNode): void {
    const existing = this.defs.get(name);
    if (existing === undefined || isEmptyTree(existing)) this.defs.set(name, list);
    else if (!isEmptyTree(list)) this.fail(`template: multiple definition of template ${goQuote(name)}`);
  }

  parse(): void {
    const root: ListNode = { kind: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const save = this.idx;
        this.next();
        if (this.nextNonSpace().type === 'define') {
          this.parseDefinition();
          continue;
        }
        this.idx = save;
      }
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') this.fail(`unexpected ${itemString(n)}`);
      root.nodes.push(n);
    }
    this.add(this.name, root);
  }

  private parseDefinition(): void {
    const t = this.nextNonSpace();
    if (t.type !== 'string' && t.type !== 'rawString') this.unexpected(t, 'define clause');
    const name = this.unquote(t.val);
    this.expect('rightDelim', 'define clause');
    const saved = this.newScope();
    const [list, end] = this.itemList();
    if (end.kind !== 'end') this.fail(`unexpected ${itemString(end)} in define clause`);
    this.add(name, list);
    this.restoreScope(saved);
  }

  private itemList(): [ListNode, EndNode | ElseNode] {
    const list: ListNode = { kind: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') return [list, n];
      list.nodes.push(n);
    }
    this.fail('unexpected EOF');
  }

  private textOrAction(): Item {
    const t = this.nextNonSpace();
    if (t.type === 'text') return { kind: 'text', pos: t.pos, text: t.val };
    if (t.type !== 'leftDelim') this.unexpected(t, 'input');
    this.actionLine = t.line;
    try {
      return this.action();
    } finally {
      this.actionLine = 0;
    }
  }

  private action(): Item {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'block': return this.blockControl();
      case 'break': case 'continue': return this.jumpControl(t);
      case 'else': return this.elseControl();
      case 'end': return { kind: 'end', pos: this.expect('rightDelim', 'end').pos };
      case 'if': case 'range': case 'with': return this.control(t.type);
      case 'template': return this.templateControl();
    }
    this.backup();
    const pos = this.peek().pos;
    const pipe = this.pipeline('command', 'rightDelim');
    const only = pipe.cmds.length === 1 && pipe.decl.length === 0 && pipe.cmds[0]!.args.length === 1 ? pipe.cmds[0]!.args[0]! : null;
    if (only?.kind === 'field') return { kind: 'action', pos, pipe, fastField: only.idents };
    return { kind: 'action', pos, pipe };
  }

  private jumpControl(t: Token): Node {
    const kind = t.type === 'break' ? 'break' : 'continue';
    const close = this.nextNonSpace();
    if (close.type !== 'rightDelim') this.unexpected(close, `{{${kind}}}`);
    if (this.rangeDepth === 0) this.fail(`{{${kind}}} outside {{range}}`);
    return { kind, pos: t.pos };
  }

  private elseControl(): ElseNode {
    const p = this.peekNonSpace();
    // "{{else if ...}}" and "{{else with ...}}" leave the keyword for the enclosing control.
    if (p.type === 'if' || p.type === 'with') return { kind: 'else', pos: p.pos };
    return { kind: 'else', pos: this.expect('rightDelim', 'else').pos };
  }

  private control(kind: 'if' | 'with' | 'range'): ControlNode {
    const mark = this.vars.length;
    const pipe = this.pipeline(kind, 'rightDelim');
    if (kind === 'range') this.rangeDepth++;
    const [list, next] = this.itemList();
    if (kind === 'range') this.rangeDepth--;
    let elseList: ListNode | null = null;
    if (next.kind === 'else') {
      if (kind !== 'range' && this.peek().type === kind) {
        this.next();
        elseList = { kind: 'list', pos: next.pos, nodes: [this.control(kind)] };
      } else {
        const [els, end] = this.itemList();
        if (end.kind !== 'end') this.fail(`expected end; found ${itemString(end)}`);
        elseList = els;
      }
    }
    this.vars.length = mark;
    return { kind, pos: pipe.pos, pipe, list, elseList };
  }

  private templateName(t: Token, context: string): string {
    if (t.type !== 'string' && t.type !== 'rawString') this.unexpected(t, context);
    return this.unquote(t.val);
  }

  private blockControl(): TemplateNode {
    const t = this.nextNonSpace();
    const name = this.templateName(t, 'block clause');
    const pipe = this.pipeline('block clause', 'rightDelim');
    const saved = this.newScope();
    const [list, end] = this.itemList();
    if (end.kind !== 'end') this.fail(`unexpected ${itemString(end)} in block clause`);
    this.add(name, list);
    this.restoreScope(saved);
    return { kind: 'template', pos: t.pos, name, pipe };
  }

  private templateControl(): TemplateNode {
    const t = this.nextNonSpace();
    const name = this.templateName(t, 'template clause');
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline('template clause', 'rightDelim');
    }
    return { kind: 'template', pos: t.pos, name, pipe };
  }

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const pipe: PipeNode = { kind: 'pipe', pos: this.peekNonSpace().pos, decl: [], isAssign: false, cmds: [] };
    this.declarations(pipe, context);
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      if (!OPERAND_START.has(t.type)) this.unexpected(t, context);
      this.backup();
      pipe.cmds.push(this.command());
    }
  }

  private declarations(pipe: PipeNode, context: string): void {
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') return;
      const at = this.idx;
      this.next();
      const nxt = this.peekNonSpace();
      const isDecl = nxt.type === 'assign' || nxt.type === 'declare';
      if (!isDecl && !(nxt.type === 'char' && nxt.val === ',')) {
        this.idx = at; // an operand, not a declaration
        return;
      }
      this.nextNonSpace();
      pipe.decl.push(this.newVariable(v.pos, v.val));
      this.vars.push(v.val);
      if (isDecl) {
        pipe.isAssign = nxt.type === 'assign';
        return;
      }
      if (context === 'range' && pipe.decl.length < 2) {
        const p = this.peekNonSpace().type;
        if (p === 'variable' || p === 'rightDelim' || p === 'rightParen') continue;
        this.fail('range can only initialize variables');
      }
      this.fail(`too many declarations in ${context}`);
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.fail(`missing value for ${context}`);
    for (let i = 1; i < pipe.cmds.length; i++) {
      const k = pipe.cmds[i]!.args[0]!.kind;
      if (k === 'bool' || k === 'dot' || k === 'nil' || k === 'number' || k === 'string') {
        this.fail(`non executable command in pipeline stage ${i + 1}`);
      }
    }
  }

  private command(): CommandNode {
    const cmd: CommandNode = { kind: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const op = this.operand();
      if (op) cmd.args.push(op);
      const t = this.next();
      if (t.type === 'space') continue;
      if (t.type === 'rightDelim' || t.type === 'rightParen') this.backup();
      else if (t.type !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.fail('empty command');
    return cmd;
  }

  private operand(): ArgNode | null {
    const node = this.term();
    if (!node || this.peek().type !== 'field') return node;
    const pos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().type === 'field') fields.push(...this.next().val.slice(1).split('.'));
    switch (node.kind) {
      case 'field': return { kind: 'field', pos, idents: [...node.idents, ...fields] };
      case 'variable': return { kind: 'variable', pos, idents: [...node.idents, ...fields] };
      case 'bool': case 'string': case 'number': case 'nil': case 'dot':
        this.fail(`unexpected . after term ${goQuote(nodeString(node))}`);
      default: return { kind: 'chain', pos, node, fields };
    }
  }

  private term(): ArgNode | null {
    const t = this.nextNonSpace();
    const pos = t.pos;
    switch (t.type) {
      case 'identifier':
        if (!this.hasFunc(t.val)) this.fail(`function ${goQuote(t.val)} not defined`);
        return { kind: 'identifier', pos, name: t.val };
      case 'dot': return { kind: 'dot', pos };
      case 'nil': return { kind: 'nil', pos };
      case 'variable': return this.useVar(pos, t.val);
      case 'field': return { kind: 'field', pos, idents: t.val.slice(1).split('.') };
      case 'bool': return { kind: 'bool', pos, value: t.val === 'true' };
      case 'charConstant': case 'number': return { kind: 'number', pos, text: t.val, value: this.number(t.val) };
      case 'string': case 'rawString': return { kind: 'string', pos, quoted: t.val, text: this.unquote(t.val) };
      case 'leftParen': {
        if (this.parenDepth >= MAX_PAREN_DEPTH) this.fail('max expression depth exceeded');
        this.parenDepth++;
        const pipe = this.pipeline('parenthesized pipeline', 'rightParen');
        this.parenDepth--;
        return pipe;
      }
    }
    this.backup();
    return null;
  }

  private newVariable(pos: number, name: string): VariableNode {
    return { kind: 'variable', pos, idents: name.split('.') };
  }

  private useVar(pos: number, name: string): VariableNode {
    const v = this.newVariable(pos, name);
    if (!this.vars.includes(v.idents[0]!)) this.fail(`undefined variable ${goQuote(v.idents[0]!)}`);
    return v;
  }

  private number(text: string): number {
    try {
      return parseNumber(text);
    } catch (err) {
      this.fail((err as Error).message);
    }
  }

  private unquote(lit: string): string {
    try {
      return unquoteString(lit);
    } catch (err) {
      this.fail((err as Error).message);
    }
  }
}
