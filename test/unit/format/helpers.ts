// Shared helpers for the --format engine tests.
import { renderTemplate, type TemplateOptions } from '../../../src/format';

/** Output of a template, or `ERR <message>` when it throws. */
export function run(template: string, data?: unknown, options?: TemplateOptions): string {
  try {
    return renderTemplate(template, data, options);
  } catch (err) {
    return 'ERR ' + (err as Error).message;
  }
}

/** Docker's prefix on every template error. */
export const P = 'ERR template parsing error: ';
