// Top-level elements of the compose specification and the resource definitions, as rules.
import type { Spec } from './schema';
import { SERVICE } from './spec-service';
import {
  NAME_KEY, any, bool, dict, int, list, listOrDict, obj, str, strOrNum, stringOrList, union,
} from './spec-builders';

const external = union({ boolean: any, string: str, object: obj({ name: str }) });
const driverOpts = dict(strOrNum);

const network = union({
  null: any,
  object: obj({
    name: str, driver: str, driver_opts: driverOpts,
    ipam: obj({
      driver: str,
      config: list(obj({ subnet: str, ip_range: str, gateway: str, aux_addresses: dict(str) })),
      options: dict(str),
    }),
    external, internal: bool, enable_ipv4: bool, enable_ipv6: bool, attachable: bool, labels: listOrDict,
  }),
});

const volume = union({
  null: any,
  object: obj({ name: str, driver: str, driver_opts: driverOpts, external, labels: listOrDict }),
});

const secret = obj({
  name: str, environment: str, file: str, external, labels: listOrDict, driver: str, driver_opts: driverOpts, template_driver: str,
});

const config = obj({
  name: str, content: str, environment: str, file: str, external, labels: listOrDict, template_driver: str,
});

const model = obj({ name: str, model: str, context_size: int, runtime_flags: list(str) }, { required: ['model'] });

const include = union({
  string: str,
  object: obj({ path: stringOrList, env_file: stringOrList, project_directory: str }, { ext: false }),
});

/** A whole compose file. */
export const COMPOSE_FILE: Spec = obj({
  version: str,
  name: str,
  include: list(include),
  services: dict(SERVICE, NAME_KEY, 'service name'),
  models: dict(model, NAME_KEY, 'model name'),
  networks: dict(network, NAME_KEY, 'network name'),
  volumes: dict(volume, NAME_KEY, 'volume name'),
  secrets: dict(secret, NAME_KEY, 'secret name'),
  configs: dict(config, NAME_KEY, 'config name'),
});

