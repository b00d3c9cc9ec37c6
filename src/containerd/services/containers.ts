// containerd.services.containers.v1.Containers: container records (spec, runtime, snapshot, labels).
// No process lives here: that is the task (tasks.ts).
import {
  Container, CreateContainerRequest, CreateContainerResponse, DeleteContainerRequest, GetContainerRequest,
  GetContainerResponse, ListContainersRequest, UpdateContainerRequest,
  UpdateContainerResponse,
} from '../generated/api/services/containers/v1/containers';
import { Empty, withDefaults } from '../rpc';
import { ListContainersResponseFast } from './list-decode';
import type { Rpc, RequestOptions } from '../rpc';

export type { Container, Container_Runtime as ContainerRuntime } from '../generated/api/services/containers/v1/containers';

/** A container to create or update: id plus any fields; the rest take proto3 defaults. */
export type ContainerInput = Partial<Container> & { id: string };

const SERVICE = '/containerd.services.containers.v1.Containers/';

export class ContainersService {
  constructor(private readonly rpc: Rpc) {}

  async get(id: string, options?: RequestOptions): Promise<Container> {
    const res = await this.rpc.unary(`${SERVICE}Get`, GetContainerRequest, { id }, GetContainerResponse, options);
    if (!res.container) throw this.rpc.error(new Error(`container "${id}": empty response`));
    return res.container;
  }

  /**
   * Containers matching any of the filters (e.g. 'labels."nerdctl/name"==web'); all when none.
   * Spec bytes stay a view into the response (list-decode.ts).
   */
  async list(filters: string[] = [], options?: RequestOptions): Promise<Container[]> {
    const res = await this.rpc.unary(`${SERVICE}List`, ListContainersRequest, { filters }, ListContainersResponseFast, options);
    return res.containers;
  }

  /** Fails with already-exists when the id is taken. */
  async create(container: ContainerInput, options?: RequestOptions): Promise<Container> {
    const full = withDefaults(Container, container);
    const res = await this.rpc.unary(`${SERVICE}Create`, CreateContainerRequest, { container: full },
      CreateContainerResponse, options);
    return res.container ?? full;
  }

  /**
   * Updates the fields named in updateMask ('labels', 'labels.<key>', 'spec', 'image', 'snapshotkey',
   * 'extensions.<name>', ...); every mutable field when it is empty.
   */
  async update(container: ContainerInput, updateMask: string[] = [], options?: RequestOptions): Promise<Container> {
    const full = withDefaults(Container, container);
    const res = await this.rpc.unary(`${SERVICE}Update`, UpdateContainerRequest, { container: full, updateMask },
      UpdateContainerResponse, options);
    return res.container ?? full;
  }

  async delete(id: string, options?: RequestOptions): Promise<void> {
    await this.rpc.unary(`${SERVICE}Delete`, DeleteContainerRequest, { id }, Empty, options);
  }
}
