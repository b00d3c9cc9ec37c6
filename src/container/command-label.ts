// ps's COMMAND column without parsing each container's OCI spec: create records the text as the
// nerdts/command label; containers made by nerdctl or older nerdts fall back to the spec.
import type { Container } from '../containerd/services/containers';
import { TYPE_URL, unpackJson } from '../containerd/typeurl';
import { LABELS } from './labels';
import type { Spec } from './spec';

/** containerd refuses a label whose key and value exceed 4 KiB; longer commands stay in the spec only. */
const MAX_LABEL_BYTES = 4000;

/** The nerdts/command label for the spec's process args; none when empty or too long for a label. */
export function commandLabel(args: readonly string[] | undefined): Record<string, string> {
  const text = (args ?? []).join(' ');
  if (text === '' || Buffer.byteLength(text) + LABELS.command.length > MAX_LABEL_BYTES) return {};
  return { [LABELS.command]: text };
}

/** ps's COMMAND text: the label when create wrote one, else the spec's args joined ('' when unreadable). */
export function containerCommand(c: Pick<Container, 'labels' | 'spec'>): string {
  const label = c.labels[LABELS.command];
  if (label !== undefined) return label;
  try {
    return unpackJson<Spec>(c.spec, TYPE_URL.spec).process.args.join(' ');
  } catch {
    return '';
  }
}
