import { defineCommand } from '../../command';

export default defineCommand({
  name: 'logout', common: 10,
  summary: 'Log out from a registry',
  usage: '[SERVER]',
  examples: '  nerdts logout 127.0.0.1:5443',
  args: { max: 1 },
  run: (ctx) => ctx.loadChunk('image-transfer').logout(ctx.globals, ctx.args[0] !== undefined ? { server: ctx.args[0] } : {}, ctx.io),
});
