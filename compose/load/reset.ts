// `!reset` and `!override`: before a file is merged, the values it tags are removed from what was
// loaded so far (so !reset deletes, !override replaces wholesale). compose-go loader/reset.go.
import type { ResetMark } from '../parse/document';
import type { NodeMap, Path } from '../tree';
import { isMap } from '../tree';

/** Deletes the tagged paths from `target`; `at` is where `target` sits in the model. */
export function applyResets(target: NodeMap, marks: readonly ResetMark[], at: Path = []): void {
  for (const mark of marks) {
    if (mark.path.length <= at.length || !at.every((seg, i) => mark.path[i] === seg)) continue;
    deletePath(target, mark.path.slice(at.length));
  }
}

function deletePath(root: NodeMap, path: Path): void {
  let node: NodeMap = root;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    if (typeof seg !== 'string') return;
    const next = Object.hasOwn(node, seg) ? node[seg] : undefined;
    if (!isMap(next)) return;
    node = next;
  }
  const last = path[path.length - 1]!;
  // Like compose, entries of sequences are not removed individually.
  if (typeof last === 'string') delete node[last];
}
