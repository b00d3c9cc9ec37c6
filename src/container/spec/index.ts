// OCI runtime spec building for run/create: a default spec plus small mutators, each
// `(spec, input) => void`, pure apart from the functions passed in (env lookup, file reads, stat).
//
// Order that matches docker: defaultSpec -> withImageConfig -> withEnv -> withHostname ->
// withTerminal -> withUser -> namespace modes -> withResources/withUlimits/withShmSize ->
// withDevices -> withMounts -> withReadonlyRootfs -> withSecurity -> withInit -> sysctls ->
// hooks/annotations -> serializeSpec.
export type * from './types';
export {
  defaultSpec, defaultDeviceRules, DEFAULT_CAPABILITIES, DEFAULT_MASKED_PATHS, DEFAULT_PATH_ENV,
  DEFAULT_READONLY_PATHS, DEFAULT_SHM_BYTES, OCI_VERSION, type DefaultSpecOptions,
} from './defaults';
export { flagError, parseCpusFlag, parseSizeFlag, ramInBytes } from './flag-values';
export {
  boundingCapabilities, KNOWN_CAPABILITIES, normalizeCapabilities, resolveCapabilities, withCapabilities,
  type CapabilityChanges,
} from './capabilities';
export {
  parseEnvFile, replaceOrAppendEnv, resolveEnvFlag, userEnv, withDefaultEnv, withEnv, type EnvFlags, type EnvLookup,
} from './env';
export {
  resolveCommand, resolveWorkingDir, withHostname, withImageConfig, withInit, withTerminal,
  type CommandOverrides, type HostnameInput, type ImageConfigInput, type ImageProcessConfig, type InitInput,
} from './process';
export {
  parseGroup, parsePasswd, resolveAdditionalGroups, resolveUser, withUser,
  type GroupEntry, type PasswdEntry, type ResolvedUser, type UserInput,
} from './user';
export {
  cpuResources, memoryResources, parseUlimit, withResources, withUlimits, type ResourceFlags, type Ulimit,
} from './resources';
export { checkSysctlNamespaces, parseSysctlFlag, withDefaultNetworkSysctls, withSysctls, type NetworkSysctlOptions } from './sysctl';
export {
  mergeTmpfsOptions, parseTmpfsFlag, withMounts, withReadonlyRootfs, withShmSize, type MountRequest, type MountsInput,
} from './mounts';
export { parseDeviceFlag, withDevices, type DeviceLookup, type DeviceMapping, type DevicesInput, type HostDevice } from './devices';
export {
  cgroupsPathFor, withCgroupns, withIpcMode, withNetworkMode, withPidMode, withUtsMode,
  type CgroupsPathInput, type IpcModeInput,
} from './namespaces';
export { parseSecurityOpts, withSecurity, type SecurityInput, type SecurityOpts } from './security';
export { parseAnnotations, withAnnotations, withHooks, type HookStage } from './hooks';
export {
  dockerDefaultSeccomp, kernelAtLeast, parseSeccompProfile, seccompFromProfile,
  type RuleFilter, type SeccompContext, type SeccompProfile, type SeccompRule,
} from './seccomp/profile';
export { dockerDefaultProfile } from './seccomp/default-profile';
export { serializeSpec } from './serialize';
