// The error raised inside the template engine, carrying Go's message text; the public API turns it
// into a NerdtsError with docker's "template parsing error: " prefix.

/** A parse or execution failure with Go's wording; `partial` is the output written before it. */
export class TemplateError extends Error {
  constructor(message: string, readonly partial = '') {
    super(message);
    this.name = 'TemplateError';
  }
}
