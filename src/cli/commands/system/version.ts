import { defineCommand } from '../../command';
import { versionText } from '../../version-report';

export default defineCommand({
  name: 'version',
  summary: 'Show the nerdts version information',
  common: 11,
  flags: {
    format: { type: 'string', short: 'f', complete: ['json', '{{json .}}'], description: "Format the output using the given Go template, e.g, '{{json .}}'" },
  },
  // Server part, once the containerd chunk exists:
  //   server: await ctx.loadChunk('containerd').serverVersion(ctx.globals)
  run: (ctx) => ctx.io.out(versionText({ format: ctx.flags.format })),
});
