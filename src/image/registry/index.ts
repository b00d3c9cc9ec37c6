// The registry client's public surface, for pull, push, login and the CLI.
export { RegistryClient, MAX_MANIFEST_SIZE } from './client';
export type { BlobStream, CallOptions, ResolvedManifest } from './client';
export type { RegistryOptions } from './session';
export type { PushBlobOptions, PushBlobResult } from './upload';
export { AgentPool } from './http';
export type { HttpOptions } from './http';
export { DigestVerifier, digestOf } from './verify';
export { login, logout, loginRegistry, storeCredentials, eraseCredentials } from './login';
export type { LoginCredentials } from './login';
export { lookupCredentials, dockerConfigDir, DOCKER_HUB_KEY } from './credentials';
export type { Credentials } from './credentials';
export { resolveEndpoints, isLocalhost } from './hosts';
export type { RegistryEndpoint, HostsOptions } from './hosts';
