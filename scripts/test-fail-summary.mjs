// A test reporter that prints only the failed tests, once the run ends, so a log cut to its
// tail still names them.
export default async function* failSummary(source) {
  const failed = [];
  for await (const event of source) {
    if (event.type !== 'test:fail') continue;
    const { name, file, line, details } = event.data;
    if (details?.type === 'suite') continue;
    const cause = details?.error?.cause ?? details?.error;
    failed.push(`not ok - ${name}\n    at ${file ?? '?'}:${line ?? '?'}\n    ${String(cause?.message ?? cause).split('\n').slice(0, 12).join('\n    ')}`);
  }
  if (failed.length === 0) return;
  yield `\n# ${failed.length} failed:\n${failed.join('\n')}\n`;
}
