import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goMap, renderRows } from '../../../src/format';
import { run } from './helpers';

// A container as `inspect` shows it (trimmed), labels marked as a Go map.
const container = {
  Id: 'f00dfeed',
  Name: '/web',
  Args: ['-c', 'sleep 60'],
  State: { Status: 'running', Running: true, Pid: 4242, ExitCode: 0, Health: null },
  Config: { Image: 'alpine:3.19', Labels: goMap({ 'com.docker.compose.project': 'demo', app: 'web' }), Env: ['A=1'] },
  Mounts: [{ Type: 'bind', Source: '/srv', Destination: '/data' }, { Type: 'volume', Source: '/var/lib/v', Destination: '/v' }],
  NetworkSettings: { Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }] }, Networks: { bridge: { IPAddress: '10.4.0.2' } } },
};

test('docker inspect -f examples', () => {
  const cases: Array<[string, string]> = [
    ['{{.State.Status}}', 'running'],
    ['{{range .Mounts}}{{.Source}} {{end}}', '/srv /var/lib/v '],
    ['{{json .Config}}', '{"Image":"alpine:3.19","Labels":{"app":"web","com.docker.compose.project":"demo"},"Env":["A=1"]}'],
    ['{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}', 'app=web;com.docker.compose.project=demo;'],
    ['{{join .Args " "}}', '-c sleep 60'],
    ['{{printf "%-20s|" .Name}}', '/web                |'],
    ['{{if eq .State.Status "running"}}up{{else}}down{{end}}', 'up'],
    ['{{index .Config.Labels "com.docker.compose.project"}}', 'demo'],
    ['{{.Config.Labels.nope}}', '<no value>'],
    ['{{range $p, $conf := .NetworkSettings.Ports}}{{$p}} -> {{(index $conf 0).HostPort}}{{end}}', '80/tcp -> 8080'],
    ['{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', '10.4.0.2'],
    ['{{.State.Health}} {{json .State.Health}}', '<nil> null'],
    ['{{.State.Pid}} {{.State.Running}}', '4242 true'],
    ['{{.Config.Env}}', '[A=1]'],
  ];
  for (const [tmpl, want] of cases) assert.equal(run(tmpl, container, { missingKey: 'error' }), want, tmpl);
  assert.equal(run('{{.Nope}}', container, { missingKey: 'error' }),
    'ERR template parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"');
});

test('docker ps / images --format examples', () => {
  const ps = [
    { ID: 'f00dfeed0001', Image: 'alpine', Names: 'web', State: 'running', Status: 'Up 2 minutes' },
    { ID: 'f00dfeed0002', Image: 'nginx', Names: 'proxy', State: 'exited', Status: 'Exited (0) 1 hour ago' },
  ];
  const header = { ID: 'CONTAINER ID', Image: 'IMAGE', Names: 'NAMES', State: 'STATE', Status: 'STATUS' };
  assert.equal(renderRows('{{.Names}}', ps, header), 'web\nproxy\n');
  assert.equal(renderRows('{{if eq .State "running"}}up{{else}}down{{end}}', ps, header), 'up\ndown\n');
  assert.equal(renderRows('table {{.ID}}\\t{{.Names}}', ps, header), [
    'CONTAINER ID   NAMES',
    'f00dfeed0001   web',
    'f00dfeed0002   proxy',
    '',
  ].join('\n'));
  assert.equal(renderRows('json', ps.slice(0, 1), header),
    '{"ID":"f00dfeed0001","Image":"alpine","Names":"web","State":"running","Status":"Up 2 minutes"}\n');
  const images = [{ Repository: 'alpine', Tag: '3.19' }, { Repository: '<none>', Tag: '<none>' }];
  assert.equal(renderRows('{{.Repository}}:{{.Tag}}', images), 'alpine:3.19\n<none>:<none>\n');
  assert.equal(renderRows('table {{.Repository}}\\t{{.Tag}}', images, { Repository: 'REPOSITORY', Tag: 'TAG' }), [
    'REPOSITORY   TAG',
    'alpine       3.19',
    '<none>       <none>',
    '',
  ].join('\n'));
});
