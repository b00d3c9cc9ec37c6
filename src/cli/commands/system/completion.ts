import { defineCommand } from '../../command';
import { completionScript, SHELLS } from '../../completion-scripts';

export default defineCommand({
  name: 'completion',
  summary: 'Generate the autocompletion script for the specified shell',
  usage: 'bash|zsh|fish',
  examples: `  # bash, for the current shell (add it to ~/.bashrc to keep it):
  source <(nerdts completion bash)

  # zsh:
  source <(nerdts completion zsh)

  # fish:
  nerdts completion fish | source`,
  args: { min: 1, max: 1, complete: SHELLS },
  run: (ctx) => ctx.io.out(completionScript(ctx.args[0]!)),
});
