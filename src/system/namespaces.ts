// `nerdts namespace ls|create|rm|inspect|update`: containerd namespaces with their usage counts.
import type { ContainerdClient } from '../containerd/client';
import { NerdtsError, notFound } from '../errors';

export interface NamespaceRow {
  Name: string;
  Containers: number;
  Images: number;
  Volumes: number;
  Labels: Record<string, string>;
}

const NAME_RE = /^[A-Za-z0-9]+(?:[._-](?:[A-Za-z0-9]+))*$/;

/** containerd's namespace name rule, checked before asking containerd. */
export function validateNamespace(name: string): void {
  if (!NAME_RE.test(name) || name.length > 76) {
    throw new NerdtsError('invalid-argument', `namespace "${name}": invalid name: must be alphanumerics with '.', '_' or '-' between them`);
  }
}

async function exists(client: ContainerdClient, name: string): Promise<boolean> {
  // containerd 1.6's Get succeeds for any name; only List tells the truth.
  return (await client.namespaces.list()).some((n) => n.name === name);
}

/** Every namespace with its containers and images counted. */
export async function listNamespaces(client: ContainerdClient): Promise<NamespaceRow[]> {
  const all = await client.namespaces.list();
  return Promise.all(all.map(async (n) => {
    const [containers, images] = await Promise.all([
      client.containers.list([], { namespace: n.name }), client.images.list([], { namespace: n.name }),
    ]);
    return { Name: n.name, Containers: containers.length, Images: images.length, Volumes: 0, Labels: n.labels };
  }));
}

export async function createNamespace(client: ContainerdClient, name: string, labels: Record<string, string>): Promise<void> {
  validateNamespace(name);
  await client.namespaces.create(name, labels);
}

/** Removes empty namespaces; containerd refuses one that still holds resources. */
export async function removeNamespace(client: ContainerdClient, name: string): Promise<void> {
  if (!(await exists(client, name))) throw notFound(`namespace "${name}" not found`);
  try {
    await client.namespaces.delete(name);
  } catch (err) {
    if (err instanceof Error && /must be empty|not empty/.test(err.message)) {
      throw new NerdtsError('failed-precondition', `namespace "${name}" is not empty: remove its containers, images and content first`, { cause: err });
    }
    throw err;
  }
}

export async function inspectNamespace(client: ContainerdClient, name: string): Promise<NamespaceRow> {
  const row = (await listNamespaces(client)).find((n) => n.Name === name);
  if (!row) throw notFound(`namespace "${name}" not found`);
  return row;
}

export async function updateNamespace(client: ContainerdClient, name: string, labels: Record<string, string>): Promise<void> {
  if (!(await exists(client, name))) throw notFound(`namespace "${name}" not found`);
  await client.namespaces.update(name, labels, Object.keys(labels).map((k) => `labels.${k}`));
}
