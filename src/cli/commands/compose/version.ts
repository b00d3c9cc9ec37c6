import { invalidArgument } from '../../../errors';
import { defineCommand } from '../../command';
import { clientVersion } from '../../version-report';
import { compose } from '../groups';

export default defineCommand({
  name: 'version', group: compose,
  summary: 'Show the Docker Compose version information',
  flags: {
    format: { type: 'string', short: 'f', complete: ['pretty', 'json'], description: 'Format the output. Values: [pretty | json]' },
    short: { type: 'boolean', description: "Shows only Compose's version number" },
  },
  args: { max: 0 },
  run: (ctx) => {
    const version = `v${clientVersion().Version.replace(/^v/, '')}`;
    if (ctx.flags.short) ctx.io.out(`${version.slice(1)}\n`);
    else if (ctx.flags.format === 'json') ctx.io.out(`${JSON.stringify({ version })}\n`);
    else if (ctx.flags.format === undefined || ctx.flags.format === 'pretty' || ctx.flags.format === '') ctx.io.out(`nerdts Compose version ${version}\n`);
    else throw invalidArgument(`unsupported format "${ctx.flags.format}"`, { hint: 'use --format pretty or --format json' });
  },
});
