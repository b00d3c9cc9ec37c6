import { defineCommand } from '../../command';

export default defineCommand({
  name: 'login', common: 9,
  summary: 'Log in to a registry',
  usage: '[OPTIONS] [SERVER]',
  description: 'Log in to a registry. Credentials are checked, then stored in ~/.docker/config.json (mode 0600).\nIf no server is given, Docker Hub is used.',
  examples: '  echo "$PASSWORD" | nerdts login -u me --password-stdin registry.example.com',
  flags: {
    username: { type: 'string', short: 'u', description: 'Username' },
    password: { type: 'string', short: 'p', description: 'Password' },
    'password-stdin': { type: 'boolean', description: 'Take the password from stdin' },
  },
  args: { max: 1 },
  run: (ctx) => ctx.loadChunk('image-transfer').login(ctx.globals, {
    passwordStdin: ctx.flags.passwordStdin, ...(ctx.args[0] !== undefined && { server: ctx.args[0] }),
    ...(ctx.flags.username !== undefined && { username: ctx.flags.username }),
    ...(ctx.flags.password !== undefined && { password: ctx.flags.password }),
  }, ctx.io),
});
