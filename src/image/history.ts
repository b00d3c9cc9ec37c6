// `nerdts history`: the config's history, newest first, each non-empty entry paired with its layer
// (size from the layer's snapshot, else its compressed blob), the image ID on the top row only.
import type { ContainerdClient } from '../containerd/client';
import { isNotFound } from '../errors';
import { chainIds } from './content';
import { findImageRecords, loadImage } from './local';
import type { LocalImage } from './local';
import { hostPlatform, parsePlatform, platformMatcher } from './platform';

/** One history row as docker's API returns it. */
export interface HistoryEntry {
  /** the image ID on the newest row, `<missing>` on the others */
  id: string;
  /** epoch ms; undefined when the config does not say */
  created?: number;
  createdBy: string;
  /** bytes added by the row's layer (0 for empty_layer rows) */
  size: number;
  comment: string;
}

async function layerSizes(client: ContainerdClient, snapshotter: string, img: LocalImage): Promise<number[]> {
  const chains = chainIds(img.config.rootfs?.diff_ids ?? []);
  return Promise.all(img.manifest.layers.map(async (layer, i) => {
    const chain = chains[i];
    if (chain === undefined) return layer.size;
    try {
      return (await client.snapshots.usage(snapshotter, chain)).size;
    } catch (err) {
      if (isNotFound(err)) return layer.size;
      throw err;
    }
  }));
}

/** Pairs history entries with layers in order; layers the history does not mention get bare rows. */
export function historyRows(img: Pick<LocalImage, 'id' | 'config'>, sizes: readonly number[]): HistoryEntry[] {
  const rows: HistoryEntry[] = [];
  let layer = 0;
  const time = (t: string | undefined): number | undefined => {
    const ms = t ? Date.parse(t) : NaN;
    return Number.isNaN(ms) ? undefined : ms;
  };
  for (const h of img.config.history ?? []) {
    const empty = h.empty_layer === true || layer >= sizes.length;
    const created = time(h.created);
    rows.push({ id: '<missing>', ...(created !== undefined && { created }), createdBy: h.created_by ?? '', size: empty ? 0 : sizes[layer]!, comment: h.comment ?? '' });
    if (!empty) layer++;
  }
  for (; layer < sizes.length; layer++) {
    const created = time(img.config.created);
    rows.push({ id: '<missing>', ...(created !== undefined && { created }), createdBy: '', size: sizes[layer]!, comment: '' });
  }
  rows.reverse();
  if (rows[0]) rows[0].id = img.id;
  return rows;
}

/** The history of the image `text` names, for one platform (default: the host's). */
export async function imageHistory(client: ContainerdClient, snapshotter: string, text: string, platform?: string): Promise<HistoryEntry[]> {
  const [record] = await findImageRecords(client, text);
  const img = await loadImage(client, record!, platformMatcher(platform ? parsePlatform(platform) : hostPlatform(), { osOnly: !platform }));
  return historyRows(img, await layerSizes(client, snapshotter, img));
}
