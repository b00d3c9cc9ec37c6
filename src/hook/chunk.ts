// The `hook` chunk: `nerdts internal oci-hook createRuntime|postStop` as runc runs it, and the
// same postStop work for the container's logger at exit, and re-pinning a namespace for it. Kept lean: no containerd client, no yaml.
export { runOciHook } from './run-hook';
export { detachAtExit } from './exit-detach';
export { ensurePinnedNetns } from '../network/pinned-netns';
