// The volume library for other areas (compose, container): docker-shaped local volumes.
export {
  createVolume, inspectVolume, listVolumes, removeVolume, pruneVolumes, volumeUsers, volumeStore, directorySize,
} from './volumes';
export type { VolumeInfo, CreateVolumeOptions, ListVolumesOptions, RemoveVolumeOptions, PruneVolumesOptions } from './volumes';
export { parseVolumeFilters, matchesVolume } from './filters';
export type { VolumeFilters } from './filters';
