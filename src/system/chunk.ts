// The system chunk (dist/chunks/system.js): version's server part, info, namespaces.
export { serverVersion, info, namespaceLs, namespaceCreate, namespaceUpdate, namespaceRm, namespaceInspect } from './ops';
