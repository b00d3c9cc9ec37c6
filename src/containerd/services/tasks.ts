// containerd.services.tasks.v1.Tasks: the running side of a container (its init process and execs).
import {
  CheckpointTaskRequest, CheckpointTaskResponse, CloseIORequest, CreateTaskRequest, CreateTaskResponse,
  DeleteProcessRequest, DeleteResponse, DeleteTaskRequest, ExecProcessRequest, GetRequest, GetResponse,
  KillRequest, ListPidsRequest, ListPidsResponse, ListTasksRequest, MetricsRequest,
  MetricsResponse, PauseTaskRequest, ResizePtyRequest, ResumeTaskRequest, StartRequest, StartResponse,
  UpdateTaskRequest, WaitRequest, WaitResponse,
} from '../generated/api/services/tasks/v1/tasks';
import type { CreateTaskResponse as Created } from '../generated/api/services/tasks/v1/tasks';
import { Empty, withDefaults } from '../rpc';
import type { Rpc, RequestOptions } from '../rpc';
import { ListTasksResponseFast } from './list-decode';
import type { Any, Descriptor, Metric, Process, ProcessInfo } from '../types';

export type {
  CreateTaskRequest, DeleteResponse as TaskDeleted, ExecProcessRequest, WaitResponse as TaskExited,
} from '../generated/api/services/tasks/v1/tasks';

/** Task creation: container id plus IO paths/URIs, rootfs mounts, runtime options. */
export type TaskInput = Partial<CreateTaskRequest> & { containerId: string };
/** An exec: container id, exec id and the process spec (packJson(TYPE_URL.process, ...)). */
export type ExecInput = Partial<ExecProcessRequest> & { containerId: string; execId: string; spec: Any };

export interface CheckpointInput {
  parentCheckpoint?: string;
  /** Runtime checkpoint options, e.g. packMessage(TYPE_URL.runcCheckpointOptions, ...). */
  options?: Any;
}

export interface TaskUpdate {
  /** Required: containerd 1.6's runc shim crashes on an update without resources. */
  resources: Any;
  annotations?: Record<string, string>;
}

const SERVICE = '/containerd.services.tasks.v1.Tasks/';

export class TasksService {
  constructor(private readonly rpc: Rpc) {}

  /** Creates the task (runc create): the process exists but has not started. */
  create(task: TaskInput, options?: RequestOptions): Promise<Created> {
    return this.rpc.unary(`${SERVICE}Create`, CreateTaskRequest, withDefaults(CreateTaskRequest, task),
      CreateTaskResponse, options);
  }

  /** Starts the task, or the exec `execId`; returns its pid. */
  async start(containerId: string, execId = '', options?: RequestOptions): Promise<number> {
    const res = await this.rpc.unary(`${SERVICE}Start`, StartRequest, { containerId, execId }, StartResponse, options);
    return res.pid;
  }

  /** Deletes a stopped task; returns its exit status. */
  delete(containerId: string, options?: RequestOptions): Promise<DeleteResponse> {
    return this.rpc.unary(`${SERVICE}Delete`, DeleteTaskRequest, { containerId }, DeleteResponse, options);
  }

  deleteProcess(containerId: string, execId: string, options?: RequestOptions): Promise<DeleteResponse> {
    return this.rpc.unary(`${SERVICE}DeleteProcess`, DeleteProcessRequest, { containerId, execId }, DeleteResponse, options);
  }

  /** The task's (or an exec's) process: pid, status, exit status. not-found when there is no task. */
  async get(containerId: string, execId = '', options?: RequestOptions): Promise<Process> {
    const res = await this.rpc.unary(`${SERVICE}Get`, GetRequest, { containerId, execId }, GetResponse, options);
    if (!res.process) throw this.rpc.error(new Error(`task "${containerId}": empty response`));
    return res.process;
  }

  /** All tasks of the namespace (filter: containerd filter syntax). */
  async list(filter = '', options?: RequestOptions): Promise<Process[]> {
    const res = await this.rpc.unary(`${SERVICE}List`, ListTasksRequest, { filter }, ListTasksResponseFast, options);
    return res.tasks;
  }

  /** Sends a signal (number) to the task, to one exec, or with all to every process of the container. */
  async kill(containerId: string, signal: number, { execId = '', all = false } = {}, options?: RequestOptions): Promise<void> {
    await this.rpc.unary(`${SERVICE}Kill`, KillRequest, { containerId, execId, signal, all }, Empty, options);
  }

  /** Adds an exec process; start it with start(containerId, execId). */
  async exec(exec: ExecInput, options?: RequestOptions): Promise<void> {
    await this.rpc.unary(`${SERVICE}Exec`, ExecProcessRequest, withDefaults(ExecProcessRequest, exec), Empty, options);
  }

  async resizePty(containerId: string, execId: string, width: number, height: number, options?: RequestOptions): Promise<void> {
    await this.rpc.unary(`${SERVICE}ResizePty`, ResizePtyRequest, { containerId, execId, width, height }, Empty, options);
  }

  /** Closes the process's stdin (the only IO containerd can close). */
  async closeIO(containerId: string, execId = '', options?: RequestOptions): Promise<void> {
    await this.rpc.unary(`${SERVICE}CloseIO`, CloseIORequest, { containerId, execId, stdin: true }, Empty, options);
  }

  async pause(containerId: string, options?: RequestOptions): Promise<void> {
    await this.rpc.unary(`${SERVICE}Pause`, PauseTaskRequest, { containerId }, Empty, options);
  }

  async resume(containerId: string, options?: RequestOptions): Promise<void> {
    await this.rpc.unary(`${SERVICE}Resume`, ResumeTaskRequest, { containerId }, Empty, options);
  }

  async listPids(containerId: string, options?: RequestOptions): Promise<ProcessInfo[]> {
    const res = await this.rpc.unary(`${SERVICE}ListPids`, ListPidsRequest, { containerId }, ListPidsResponse, options);
    return res.processes;
  }

  /** Checkpoints the task into the content store (needs criu); returns the written descriptors. */
  async checkpoint(containerId: string, input: CheckpointInput = {}, options?: RequestOptions): Promise<Descriptor[]> {
    const req = { containerId, parentCheckpoint: input.parentCheckpoint ?? '', options: input.options };
    const res = await this.rpc.unary(`${SERVICE}Checkpoint`, CheckpointTaskRequest, req, CheckpointTaskResponse, options);
    return res.descriptors;
  }

  /** Updates resources (packJson(TYPE_URL.linuxResources, ...)) and/or annotations of a running task. */
  async update(containerId: string, input: TaskUpdate, options?: RequestOptions): Promise<void> {
    const req = { containerId, resources: input.resources, annotations: input.annotations ?? {} };
    await this.rpc.unary(`${SERVICE}Update`, UpdateTaskRequest, req, Empty, options);
  }

  /** Cgroup metrics of the tasks matching the filters (e.g. 'id==<container>'); decode data with typeurl.ts. */
  async metrics(filters: string[] = [], options?: RequestOptions): Promise<Metric[]> {
    const res = await this.rpc.unary(`${SERVICE}Metrics`, MetricsRequest, { filters }, MetricsResponse, options);
    return res.metrics;
  }

  /** Resolves when the task (or exec) exits; abort with options.signal. */
  wait(containerId: string, execId = '', options?: RequestOptions): Promise<WaitResponse> {
    return this.rpc.unary(`${SERVICE}Wait`, WaitRequest, { containerId, execId }, WaitResponse, options);
  }
}
