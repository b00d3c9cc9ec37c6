// The volume chunk (dist/chunks/volume.js): what `volume` commands run.
export { volumeCreate, volumeLs, volumeInspect, volumeRm, volumePrune, volumeNames } from './ops';
export type { VolumeCreateOptions, VolumeLsOptions, VolumePruneOptions } from './ops';
