import { defineCommand } from '../../command';
import { clientVersion, versionText } from '../../version-report';

export default defineCommand({
  name: 'version',
  summary: 'Show the nerdts version information',
  common: 11,
  flags: {
    format: { type: 'string', short: 'f', complete: ['json', '{{json .}}'], description: "Format the output using the given Go template, e.g, '{{json .}}'" },
  },
  run: async (ctx) => {
    const system = ctx.loadChunk('system');
    let components;
    try {
      components = await system.serverVersion(ctx.globals, ctx.io);
    } catch (err) {
      ctx.io.out(versionText({})); // docker prints the client part, then the server error
      throw err;
    }
    const server = { Components: components };
    if (ctx.flags.format) ctx.io.out(system.formatVersion(ctx.flags.format, { Client: clientVersion(), Server: server }));
    else ctx.io.out(versionText({ server }));
  },
});
