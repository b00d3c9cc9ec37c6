import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, loadError, webService } from './helpers';

const F = '/project/compose.yaml';

// [case, compose file, full error message (file:line:column: path: reason)]
const ERRORS: [string, string, string][] = [
  ['unknown service key with suggestion', 'services:\n  web:\n    imgae: nginx\n', `${F}:3:5: services.web.imgae: unknown key, did you mean "image"?`],
  ['unknown top-level key', 'servces:\n  web:\n    image: nginx\n', `${F}:1:1: servces: unknown key, did you mean "services"?`],
  ['unknown key without a close match', webService('frobnicate: 1'), `${F}:4:5: services.web.frobnicate: unknown key`],
  ['unknown nested key', webService('healthcheck:\n  intervl: 1s'), `${F}:5:7: services.web.healthcheck.intervl: unknown key, did you mean "interval"?`],
  ['unknown build key', webService('build:\n  contxt: .'), `${F}:5:7: services.web.build.contxt: unknown key, did you mean "context"?`],
  ['wrong type: list expected', webService('ports: "80:80"'), `${F}:4:5: services.web.ports: must be a list`],
  ['wrong type: mapping or list', webService('environment: 5'), `${F}:4:5: services.web.environment: must be a mapping or a list`],
  ['wrong type: string', webService('hostname: [a]'), `${F}:4:5: services.web.hostname: must be a string`],
  ['wrong type: service', 'services:\n  web: nginx\n', `${F}:2:3: services.web: must be a mapping`],
  ['enum', webService('depends_on:\n  db:\n    condition: service_healty'),
    `${F}:6:9: services.web.depends_on.db.condition: invalid value "service_healty": must be one of "service_started", "service_healthy", "service_completed_successfully"`],
  ['duration', webService('stop_grace_period: 10x'), `${F}:4:5: services.web.stop_grace_period: invalid duration "10x" (use a Go duration such as "1m30s")`],
  ['byte size', webService('mem_limit: 12q'), `${F}:4:5: services.web.mem_limit: invalid size "12q" (use bytes or a unit such as "512m")`],
  ['service name', 'services:\n  "we b":\n    image: x\n', `${F}:2:3: services.we b: invalid service name "we b": must match ^[a-zA-Z0-9._-]+$`],
  ['duplicate list entries', webService('ports: ["80:80", "80:80"]'), `${F}:4:22: services.web.ports[1]: duplicate entry "80:80" (same as item 0)`],
  ['required key', webService('volumes:\n  - target: /x'), `${F}:5:9: services.web.volumes[0]: missing required key "type"`],
  ['container_name pattern', webService('container_name: "-x"'), `${F}:4:5: services.web.container_name: invalid value "-x": must match ^[a-zA-Z0-9][a-zA-Z0-9_.-]+$`],
  ['port: bad container port', webService('ports: ["abc"]'), `${F}:4:13: services.web.ports[0]: invalid containerPort: abc`],
  ['port: bad protocol', webService('ports: ["80/xyz"]'), `${F}:4:13: services.web.ports[0]: invalid proto: xyz`],
  ['port: unequal ranges', webService('ports: ["8000-8001:80-82"]'), `${F}:4:13: services.web.ports[0]: invalid ranges specified for container and host Ports: 80-82 and 8000-8001`],
  ['port: bad IP', webService('ports: ["1.2.3:80:80"]'), `${F}:4:13: services.web.ports[0]: invalid IP address: 1.2.3`],
  ['port: bad host_ip (long)', webService('ports:\n  - {target: 80, host_ip: nope}'), `${F}:5:9: services.web.ports[0]: invalid ip address: nope`],
  ['volume: empty section', webService('volumes: ["/a::/b"]'), `${F}:4:15: services.web.volumes[0]: invalid spec: /a::/b: empty section between colons`],
  ['volume: too many colons', webService('volumes: ["/a:/b:ro:x"]'), `${F}:4:15: services.web.volumes[0]: invalid spec: /a:/b:ro:x: too many colons`],
  ['required variable', webService('labels: [a=1]').replace('image: nginx', 'image: ${TAG:?tag is required}'),
    `${F}:3:5: services.web.image: required variable TAG is missing a value: tag is required`],
  ['invalid interpolation', webService('').replace('image: nginx', 'image: "nginx:${"'), `${F}:3:5: services.web.image: invalid interpolation format "nginx:\${" (escape a literal $ as $$)`],
  ['cast to boolean', webService('privileged: ${PRIV}'), `${F}:4:5: services.web.privileged: failed to cast to expected type: invalid boolean: maybe`],
  ['cast to integer', webService('scale: ${N}'), `${F}:4:5: services.web.scale: failed to cast to expected type: "two" is not an integer`],
  ['container_name with scale', webService('container_name: web\nscale: 2'), `${F}:4:5: services.web.container_name: can't set container_name and scale > 1 as container names must be unique`],
  ['container_name with replicas', webService('container_name: web\ndeploy:\n  replicas: 2'), `${F}:4:5: services.web.container_name: can't set container_name and deploy.replicas > 1 as container names must be unique`],
  ['depends_on undefined service', webService('depends_on: [db]'), `${F}:4:5: services.web.depends_on.db: service "web" depends on undefined service "db"`],
  ['dependency cycle', 'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [c]\n  c:\n    image: x\n    depends_on: [a]\n',
    `${F}:4:5: services.a.depends_on: dependency cycle detected: a -> b -> c -> a`],
  ['self dependency', 'services:\n  a:\n    image: x\n    depends_on: [a]\n', `${F}:4:5: services.a.depends_on: dependency cycle detected: a -> a`],
  ['undefined network', webService('networks: [back]'), `${F}:4:5: services.web.networks.back: service "web" refers to undefined network back`],
  ['undefined volume', webService('volumes: ["data:/data"]'), `${F}:4:15: services.web.volumes[0]: service "web" refers to undefined volume data`],
  ['undefined secret', webService('secrets: [pw]'), `${F}:4:15: services.web.secrets[0]: service "web" refers to undefined secret pw`],
  ['undefined config', webService('configs: [c]'), `${F}:4:15: services.web.configs[0]: service "web" refers to undefined config c`],
  ['neither image nor build', 'services:\n  web:\n    command: x\n', `${F}:2:3: services.web: service "web" has neither an image nor a build context specified`],
  ['network_mode with networks', webService('network_mode: host\nnetworks: [default]'), `${F}:4:5: services.web.network_mode: service web declares mutually exclusive \`network_mode\` and \`networks\``],
  ['healthcheck test prefix', webService('healthcheck:\n  test: [curl, x]'), `${F}:5:7: services.web.healthcheck.test: healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE"`],
  ['scale and replicas differ', webService('scale: 2\ndeploy:\n  replicas: 3'), `${F}:2:3: services.web: can't set distinct values on 'scale' and 'deploy.replicas'`],
  ['mount target used twice', webService('tmpfs: /data\nvolumes: ["/a:/data"]'), `${F}:5:15: services.web.volumes[0]: target /data already mounted as services.web.tmpfs[0]`],
  ['extra_hosts without IP', webService('extra_hosts: ["nohost"]'), `${F}:4:5: services.web.extra_hosts: invalid additional host, missing IP: nohost`],
  ['environment key with trailing space', webService('environment: ["A =1"]'), `${F}:4:5: services.web.environment: environment variable A  is declared with a trailing space`],
  ['command with unterminated quote', webService('command: echo "oops'), `${F}:4:5: services.web.command: invalid command line string: "echo \\"oops"`],
  ['secret needs file or environment', webService('secrets: [pw]', 'secrets:\n  pw:\n    name: x\n'), `${F}:6:3: secrets.pw: one of file|environment must be set`],
  ['config attributes exclusive', webService('configs: [c]', 'configs:\n  c:\n    file: ./c\n    content: x\n'), `${F}:6:3: configs.c: file|environment|content attributes are mutually exclusive`],
  ['external volume with driver', webService('', 'volumes:\n  v:\n    external: true\n    driver: local\n'), `${F}:6:3: volumes.v: conflicting parameters "external" and "driver" specified`],
  ['disabled required dependency', webService('depends_on: [db]').replace('services:\n', 'services:\n  db:\n    image: x\n    profiles: [debug]\n'),
    `${F}:7:5: services.web.depends_on.db: service "web" depends on service "db", which is disabled: enable one of its profiles (debug)`],
  ['empty file', '', `${F}: empty compose file`],
  ['top level not a mapping', '- a\n', `${F}: top-level object must be a mapping`],
  ['version key only', 'version: "3"\n', `${F}: empty compose file`],
  ['YAML duplicate key', 'services:\n  web:\n    image: a\n    image: b\n', `${F}:4:5: duplicate key "image" (first defined at line 3)`],
];

for (const [name, yaml, message] of ERRORS) {
  test(`validation: ${name}`, () => {
    const err = loadError(yaml, { env: { PRIV: 'maybe', N: 'two' } });
    assert.equal(err.message, message);
  });
}

test('x- extensions are allowed at any level', () => {
  const yaml = 'x-top: 1\nservices:\n  web:\n    image: x\n    x-svc: {a: 1}\n    healthcheck:\n      x-hc: 1\n      test: [NONE]\nnetworks:\n  n:\n    x-net: 1\n';
  assert.equal(load(yaml).services.web!.extensions?.['x-svc'] !== undefined, true);
});

test('the obsolete version attribute is accepted with a warning', () => {
  const p = load('version: "3.8"\nservices:\n  web:\n    image: x\n');
  assert.deepEqual(p.warnings.map((w) => w.message), [`${F}: the attribute \`version\` is obsolete, it will be ignored, please remove it to avoid potential confusion`]);
});

test('lenient booleans are accepted with a warning', () => {
  const p = load(webService('tty: ${T}'), { env: { T: 'yes' } });
  assert.equal(p.services.web!.tty, true);
  assert.match(p.warnings[0]!.message, /"yes" for boolean is not supported by YAML 1.2/);
});

test('unset variables warn once and default to empty', () => {
  const p = load(webService('environment:\n  - A=$X\n  - B=${X}'));
  assert.deepEqual(p.services.web!.environment, { A: '', B: '' });
  assert.deepEqual(p.warnings.map((w) => w.message), ['The "X" variable is not set. Defaulting to a blank string.']);
});

test('a command cut at an unquoted ; warns', () => {
  const p = load(webService('command: echo a; echo b'));
  assert.deepEqual(p.services.web!.command, ['echo', 'a']);
  assert.match(p.warnings[0]!.message, /services\.web\.command: the command is cut at the unquoted ";"/);
});
