// Public API of the --format engine: Go text/template as docker uses it, docker's table
// conventions, and the column aligner the CLI tables share.

export { compileTemplate, renderTemplate, Template } from './template';
export type { FuncSpec, MissingKey, ParamType, TemplateOptions } from './template';
export { RowFormatter, dockerTemplateText, isTableFormat, renderRows } from './table';
export type { RowFormatOptions } from './table';
export { alignColumns, alignTabbed, displayWidth, DOCKER_TABLE_ALIGN } from './tabwriter';
export type { AlignOptions } from './tabwriter';
export { goMap } from './values';
export { goJson } from './json';
export { formatValue, sprint, sprintln } from './printf';
export { sprintf } from './sprintf';
