// Parse tree of a Go text/template, and the node texts Go shows in execution errors (`at <.Foo>`).

import { goQuote } from './quote';

/** Literal text between actions. */
export interface TextNode { kind: 'text'; pos: number; text: string }
/** `{{pipeline}}`: prints its value unless it declares variables. */
export interface ActionNode {
  kind: 'action';
  pos: number;
  pipe: PipeNode;
  /** Set for a lone `{{.A.B}}` so execution can take a shortcut over plain data. */
  fastField?: string[];
}
/** `{{if}}`, `{{with}}` or `{{range}}` with an optional else branch. */
export interface ControlNode {
  kind: 'if' | 'with' | 'range';
  pos: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}
/** `{{template "name" pipeline}}` (also what `{{block}}` leaves in place). */
export interface TemplateNode { kind: 'template'; pos: number; name: string; pipe: PipeNode | null }
/** `{{break}}` or `{{continue}}` inside a range. */
export interface JumpNode { kind: 'break' | 'continue'; pos: number }
/** A sequence of nodes: a template body or branch. */
export interface ListNode { kind: 'list'; pos: number; nodes: Node[] }
/** Nodes that make up a template body. */
export type Node = TextNode | ActionNode | ControlNode | TemplateNode | JumpNode | ListNode;

/** Optional variable declarations, then commands joined by `|`. */
export interface PipeNode {
  kind: 'pipe';
  pos: number;
  decl: VariableNode[];
  isAssign: boolean;
  cmds: CommandNode[];
}
/** One pipeline stage: an operand (function, field, literal) and its arguments. */
export interface CommandNode { kind: 'command'; pos: number; args: ArgNode[] }
/** `.A.B` on dot. */
export interface FieldNode { kind: 'field'; pos: number; idents: string[] }
/** idents[0] is the variable name with its `$`; the rest are fields. */
export interface VariableNode { kind: 'variable'; pos: number; idents: string[] }
/** `(pipeline).A.B` or `func.A`: fields applied to a computed value. */
export interface ChainNode { kind: 'chain'; pos: number; node: ArgNode; fields: string[] }
/** A function name. */
export interface IdentifierNode { kind: 'identifier'; pos: number; name: string }
/** `.` itself. */
export interface DotNode { kind: 'dot'; pos: number }
/** The untyped `nil`. */
export interface NilNode { kind: 'nil'; pos: number }
/** `true` or `false`. */
export interface BoolNode { kind: 'bool'; pos: number; value: boolean }
/** A number or character constant; `text` is the source spelling. */
export interface NumberNode { kind: 'number'; pos: number; text: string; value: number }
/** A quoted or raw string; `quoted` is the source spelling, `text` its value. */
export interface StringNode { kind: 'string'; pos: number; quoted: string; text: string }
/** Operands of a command. */
export type ArgNode = FieldNode | VariableNode | ChainNode | IdentifierNode | DotNode | NilNode | BoolNode
  | NumberNode | StringNode | PipeNode;

/** Any node an error message can point at. */
export type AnyNode = Node | ArgNode | CommandNode;

function argString(n: ArgNode): string {
  return n.kind === 'pipe' ? '(' + nodeString(n) + ')' : nodeString(n);
}

function controlString(n: ControlNode): string {
  const tail = n.elseList ? `{{else}}${nodeString(n.elseList)}{{end}}` : '{{end}}';
  return `{{${n.kind} ${nodeString(n.pipe)}}}${nodeString(n.list)}${tail}`;
}

function pipeString(n: PipeNode): string {
  let s = '';
  if (n.decl.length > 0) s = n.decl.map(nodeString).join(', ') + (n.isAssign ? ' = ' : ' := ');
  return s + n.cmds.map(nodeString).join(' | ');
}

/** The source-like text of a node, as Go's Node.String() renders it. */
export function nodeString(n: AnyNode): string {
  switch (n.kind) {
    case 'text': return n.text;
    case 'action': return `{{${pipeString(n.pipe)}}}`;
    case 'if': case 'with': case 'range': return controlString(n);
    case 'template': return `{{template ${goQuote(n.name)}${n.pipe ? ' ' + pipeString(n.pipe) : ''}}}`;
    case 'break': case 'continue': return `{{${n.kind}}}`;
    case 'list': return n.nodes.map(nodeString).join('');
    case 'pipe': return pipeString(n);
    case 'command': return n.args.map(argString).join(' ');
    case 'field': return '.' + n.idents.join('.');
    case 'variable': return n.idents.join('.');
    case 'chain': return argString(n.node) + n.fields.map((f) => '.' + f).join('');
    case 'identifier': return n.name;
    case 'dot': return '.';
    case 'nil': return 'nil';
    case 'bool': return String(n.value);
    case 'number': return n.text;
    case 'string': return n.quoted;
  }
}

/** Go's `line:column` of a position: 1-based line, 0-based byte column (tree.ErrorContext). */
export function lineColumn(source: string, pos: number): string {
  const before = source.slice(0, pos);
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
  return `${line}:${Buffer.byteLength(before.slice(lineStart), 'utf8')}`;
}
