// The compose group's flag values as the compose chunk takes them.
import type { FlagValues } from '../../command';
import type { compose } from '../groups';

type ComposeGroupFlags = FlagValues<NonNullable<typeof compose.flags>>;

/** -f/-p/--project-directory/--profile/--env-file, for ctx.loadChunk('compose'). */
export function composeProject(g: ComposeGroupFlags): {
  files: string[]; projectName?: string; projectDirectory?: string; profiles: string[]; envFiles: string[];
} {
  return {
    files: g.file ?? [], profiles: g.profile ?? [], envFiles: g.envFile ?? [],
    ...(g.projectName !== undefined && { projectName: g.projectName }),
    ...(g.projectDirectory !== undefined && { projectDirectory: g.projectDirectory }),
  };
}
