// containerd.services.images.v1.Images: named references to a target descriptor (the image records).
import {
  CreateImageRequest, CreateImageResponse, DeleteImageRequest, GetImageRequest, GetImageResponse,
  ListImagesRequest, ListImagesResponse, UpdateImageRequest, UpdateImageResponse,
} from '../generated/api/services/images/v1/images';
import type { Image } from '../generated/api/services/images/v1/images';
import { Empty } from '../rpc';
import type { Rpc, RequestOptions } from '../rpc';
import { toDescriptor } from '../types';
import type { DescriptorInput } from '../types';

export type { Image } from '../generated/api/services/images/v1/images';

/** What callers give to create or update an image record; times are set by containerd. */
export interface ImageInput {
  name: string;
  target: DescriptorInput;
  labels?: Record<string, string>;
}

const SERVICE = '/containerd.services.images.v1.Images/';

function toImage(input: ImageInput): Image {
  return { name: input.name, labels: input.labels ?? {}, target: toDescriptor(input.target) };
}

export class ImagesService {
  constructor(private readonly rpc: Rpc) {}

  async get(name: string, options?: RequestOptions): Promise<Image> {
    const res = await this.rpc.unary(`${SERVICE}Get`, GetImageRequest, { name }, GetImageResponse, options);
    if (!res.image) throw this.rpc.error(new Error(`image "${name}": empty response`));
    return res.image;
  }

  /** Images matching any of the filters (e.g. 'name==docker.io/library/alpine:latest'); all when none. */
  async list(filters: string[] = [], options?: RequestOptions): Promise<Image[]> {
    const res = await this.rpc.unary(`${SERVICE}List`, ListImagesRequest, { filters }, ListImagesResponse, options);
    return res.images;
  }

  /** Fails with already-exists when the name is taken. */
  async create(image: ImageInput, options?: RequestOptions): Promise<Image> {
    const res = await this.rpc.unary(`${SERVICE}Create`, CreateImageRequest, { image: toImage(image) },
      CreateImageResponse, options);
    return res.image ?? toImage(image);
  }

  /** Updates the fields named in updateMask ('target', 'labels', 'labels.<key>'); all when empty. */
  async update(image: ImageInput, updateMask: string[] = [], options?: RequestOptions): Promise<Image> {
    const res = await this.rpc.unary(`${SERVICE}Update`, UpdateImageRequest, { image: toImage(image), updateMask },
      UpdateImageResponse, options);
    return res.image ?? toImage(image);
  }

  /** Deletes the record; sync waits for garbage collection of what it held. */
  async delete(name: string, { sync = false } = {}, options?: RequestOptions): Promise<void> {
    await this.rpc.unary(`${SERVICE}Delete`, DeleteImageRequest, { name, sync }, Empty, options);
  }
}
