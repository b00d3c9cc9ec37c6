// A listing row cached on the image record (a label), so `nerdts images` answers from one
// Images.List call instead of 3-5 round trips per image. It is keyed by the record's target
// digest: a record that points elsewhere (retagged by another tool, say) is read the slow way.
import type { ContainerdClient } from '../containerd/client';
import type { Image } from '../containerd/services/images';
import type { RequestOptions } from '../containerd/rpc';

export const SUMMARY_LABEL = 'nerdts/image.summary';
// containerd refuses labels above 4096 bytes (key and value together).
const MAX_VALUE = 4000;

/** What a listing row needs beyond the record itself. */
export interface ImageSummary {
  target: string;
  id: string;
  created: string;
  platform: string;
  size: number;
  blobSize: number;
  labels: Record<string, string>;
}

/** The cached summary of a record, or undefined when absent or stale. */
export function summaryOf(record: Image): ImageSummary | undefined {
  const text = record.labels[SUMMARY_LABEL];
  if (!text) return undefined;
  try {
    const s = JSON.parse(text) as ImageSummary;
    return s.target === record.target?.digest && typeof s.id === 'string' ? s : undefined;
  } catch {
    return undefined;
  }
}

/** Stores the summary on the record; too-large summaries (huge label sets) are not cached. */
export async function storeSummary(client: ContainerdClient, record: Image, summary: ImageSummary, options?: RequestOptions): Promise<void> {
  const value = JSON.stringify(summary);
  if (value.length > MAX_VALUE || !record.target) return;
  await client.images.update({ name: record.name, target: record.target, labels: { ...record.labels, [SUMMARY_LABEL]: value } },
    [`labels.${SUMMARY_LABEL}`], options);
}
