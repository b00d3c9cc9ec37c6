import { defineCommand } from '../../command';
import { internal } from '../groups';

export default defineCommand({
  name: 'oci-hook',
  group: internal,
  hidden: true,
  summary: 'OCI hook run by runc (createRuntime, postStop): networking and /etc/hosts',
  usage: 'EVENT',
  args: { min: 1, max: 1, complete: ['createRuntime', 'postStop'] },
  run: (ctx) => ctx.loadChunk('hook').runOciHook(ctx.args[0]!, ctx.globals),
});
