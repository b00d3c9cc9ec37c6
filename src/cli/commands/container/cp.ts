import { defineCommand } from '../../command';
import { container } from '../groups';

export default defineCommand({
  name: 'cp', group: container, shortcuts: ['cp'],
  summary: 'Copy files/folders between a container and the local filesystem',
  usage: '[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n  nerdts cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH',
  examples: '  nerdts cp ./config.json web:/etc/app/\n  nerdts cp web:/var/log/. ./logs\n  nerdts cp web:/etc - | tar -t',
  flags: {
    archive: { type: 'boolean', short: 'a', description: 'Archive mode (copy all uid/gid information)' },
    'follow-link': { type: 'boolean', short: 'L', description: 'Always follow symbol link in SRC_PATH' },
  },
  args: { min: 2, max: 2, complete: 'files' },
  run: (ctx) => ctx.loadChunk('container').cp(ctx.globals, {
    source: ctx.args[0]!, destination: ctx.args[1]!, archive: ctx.flags.archive, followLink: ctx.flags.followLink,
  }, ctx.io),
});
