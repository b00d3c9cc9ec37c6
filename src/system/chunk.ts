// The system chunk (dist/chunks/system.js): version's server part, info, namespaces.
export { serverVersion, formatVersion, info, namespaceLs, namespaceCreate, namespaceUpdate, namespaceRm, namespaceInspect, namespaceNames } from './ops';
