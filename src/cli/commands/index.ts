// Every command of nerdts. A command file is `export default defineCommand({...})`; add one
// import and one list entry here. Command files stay tiny: their work lives in a library chunk.
import type { Command } from '../command';
import { composeCommands } from './compose';
import { containerCommands } from './container';
import { networkCommands } from './network';
import { volumeCommands } from './volume';
import completion from './system/completion';
import version from './system/version';
import ociHook from './internal/oci-hook';
import imageLs from './image/ls';
import imagePull from './image/pull';
import imageRm from './image/rm';
import imageTag from './image/tag';
import imageInspect from './image/inspect';
import imageImport from './image/import';
import imageSave from './image/save';
import imageLoad from './image/load';
import imagePush from './image/push';
import imageHistory from './image/history';
import imagePrune from './image/prune';
import { builderBuild, imageBuild } from './build/build';
import builderPrune from './build/prune';
import commit from './build/commit';
import login from './system/login';
import logout from './system/logout';
import info from './system/info';
import namespaceLs from './namespace/ls';
import namespaceCreate from './namespace/create';
import namespaceUpdate from './namespace/update';
import namespaceRm from './namespace/rm';
import namespaceInspect from './namespace/inspect';

export const commands: readonly Command[] = [
  completion,
  version,
  ociHook,
  imageLs,
  imagePull,
  imageRm,
  imageTag,
  imageInspect,
  imageImport,
  imageSave,
  imageLoad,
  imagePush,
  imageHistory,
  imagePrune,
  imageBuild,
  builderBuild,
  builderPrune,
  commit,
  login,
  logout,
  info,
  namespaceLs,
  namespaceCreate,
  namespaceUpdate,
  namespaceRm,
  namespaceInspect,
  ...containerCommands,
  ...networkCommands,
  ...volumeCommands,
  ...composeCommands,
];
