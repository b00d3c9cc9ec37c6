// containerd.services.namespaces.v1.Namespaces: the namespaces that partition containerd's objects.
import {
  CreateNamespaceRequest, CreateNamespaceResponse, DeleteNamespaceRequest, GetNamespaceRequest,
  GetNamespaceResponse, ListNamespacesRequest, ListNamespacesResponse, UpdateNamespaceRequest,
  UpdateNamespaceResponse,
} from '../generated/api/services/namespaces/v1/namespace';
import type { Namespace } from '../generated/api/services/namespaces/v1/namespace';
import { Empty } from '../rpc';
import type { Rpc, RequestOptions } from '../rpc';

export type { Namespace } from '../generated/api/services/namespaces/v1/namespace';

const SERVICE = '/containerd.services.namespaces.v1.Namespaces/';

export class NamespacesService {
  constructor(private readonly rpc: Rpc) {}

  async get(name: string, options?: RequestOptions): Promise<Namespace> {
    const res = await this.rpc.unary(`${SERVICE}Get`, GetNamespaceRequest, { name }, GetNamespaceResponse, options);
    return res.namespace ?? { name, labels: {} };
  }

  /** All namespaces, or those matching a containerd filter. */
  async list(filter = '', options?: RequestOptions): Promise<Namespace[]> {
    const res = await this.rpc.unary(`${SERVICE}List`, ListNamespacesRequest, { filter }, ListNamespacesResponse, options);
    return res.namespaces;
  }

  async create(name: string, labels: Record<string, string> = {}, options?: RequestOptions): Promise<Namespace> {
    const res = await this.rpc.unary(`${SERVICE}Create`, CreateNamespaceRequest, { namespace: { name, labels } },
      CreateNamespaceResponse, options);
    return res.namespace ?? { name, labels };
  }

  /** Replaces the labels named in updateMask ("labels.<key>"), or all labels when it is empty. */
  async update(name: string, labels: Record<string, string>, updateMask: string[] = [], options?: RequestOptions): Promise<Namespace> {
    const res = await this.rpc.unary(`${SERVICE}Update`, UpdateNamespaceRequest,
      { namespace: { name, labels }, updateMask }, UpdateNamespaceResponse, options);
    return res.namespace ?? { name, labels };
  }

  /** Fails with failed-precondition while the namespace still holds objects. */
  async delete(name: string, options?: RequestOptions): Promise<void> {
    await this.rpc.unary(`${SERVICE}Delete`, DeleteNamespaceRequest, { name }, Empty, options);
  }
}
