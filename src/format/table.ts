// docker's --format conventions for listing commands (cli/command/formatter/formatter.go):
// `json` means `{{json .}}` per row; a `table` prefix adds a header row, rendered from the same
// template over the column titles with docker's header functions, and aligns the output with a
// tabwriter; the literal two-character sequences `\t` and `\n` become a tab and a newline.

import { DOCKER_HEADER_FUNCS } from './docker-funcs';
import { alignTabbed, type AlignOptions } from './tabwriter';
import { compileTemplate, type Template, type TemplateOptions } from './template';
import { HeaderRow } from './values';

/** Template options plus docker's table defaults. */
export interface RowFormatOptions extends TemplateOptions {
  /** Used when the format is just `table` (each command's default table template). */
  defaultTableFormat?: string;
  /** Column alignment for table output; docker's settings by default. */
  align?: AlignOptions;
}

/** True when docker would render the format as a table (it starts with "table"). */
export function isTableFormat(format: string): boolean {
  return format.startsWith('table');
}

/** The template text docker executes for a --format value (templateString in docker/cli). */
export function dockerTemplateText(format: string): string {
  if (format === 'table') return '';
  if (format === 'json') return '{{json .}}';
  let out = isTableFormat(format) ? format.slice('table'.length) : format;
  out = out.replace(/^ +| +$/g, '');
  return out.replace(/\\t|\\n/g, (m) => (m === '\\t' ? '\t' : '\n'));
}

/** A compiled --format for a list of rows: one line per row, plus header and alignment for tables. */
export class RowFormatter {
  readonly isTable: boolean;
  private readonly template: Template;
  private readonly headers: HeaderRow;
  private readonly align: AlignOptions;

  constructor(format: string, columnsHeader: Readonly<Record<string, string>> = {}, options: RowFormatOptions = {}) {
    const effective = format === 'table' && options.defaultTableFormat !== undefined ? options.defaultTableFormat : format;
    this.isTable = isTableFormat(effective);
    this.template = compileTemplate(dockerTemplateText(effective), options);
    this.headers = new HeaderRow(columnsHeader);
    this.align = options.align ?? {};
  }

  /** The header line (unaligned, without newline); docker keeps whatever renders before an error. */
  header(): string {
    return this.template.executeLenient(this.headers, DOCKER_HEADER_FUNCS);
  }

  /** One row's text (without newline). */
  row(data: unknown): string {
    return this.template.execute(data);
  }

  /** All rows, each followed by a newline; tables get the header and aligned columns. */
  format(rows: Iterable<unknown>): string {
    let body = '';
    for (const r of rows) body += this.template.execute(r) + '\n';
    if (!this.isTable) return body;
    return alignTabbed(this.header() + '\n' + body, this.align);
  }
}

/**
 * Renders rows for a listing command's --format: `json`, `table ...` (header from columnsHeader,
 * defaulting to the upper-cased field name), or any Go template.
 */
export function renderRows(format: string, rows: Iterable<unknown>, columnsHeader: Readonly<Record<string, string>> = {},
  options?: RowFormatOptions): string {
  return new RowFormatter(format, columnsHeader, options).format(rows);
}
