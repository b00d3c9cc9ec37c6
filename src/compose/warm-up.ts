// Warm-up of `compose config`, run once at build time before the chunk's V8 code cache is written
// (scripts/build.mjs, src/cli/chunk-cache.ts): loading and rendering a small in-memory project
// compiles the fast YAML reader, interpolation, normalisation and the emitter, so their bytecode is
// in dist/chunks/compose.js.cache instead of being compiled on every compose command.
import type { ComposeHost } from '../../compose';
import type { Output } from '../output';
import { configWith } from './ops/config';

// Common compose shapes: anchors and merge keys, flow and block collections, quoting styles,
// interpolation with defaults, short and long port/volume syntax, durations, byte sizes.
const SERVICE = (i: number): string => `  web${i}:
    <<: *defaults
    image: "registry.example.com/team/web${i}:\${TAG:-latest}"
    container_name: web${i}
    command: ["node", "server.js", '--port', "80${i}"]
    entrypoint: /bin/sh -c 'exec "$$0" "$$@"'
    environment:
      - NODE_ENV=production
      - PORT=80${i}
      - SECRET=\${SECRET:-changeme}
      - EMPTY
    ports:
      - "80${i}:80"
      - "127.0.0.1:90${i}:90${i}/udp"
      - target: 443
        published: "84${i}"
        protocol: tcp
    volumes:
      - ./data/web${i}:/data
      - cache:/cache:ro
      - type: tmpfs
        target: /tmp
    depends_on:
      db: {condition: service_healthy}
      cache: {condition: service_started, required: false}
    healthcheck:
      test: ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]
      interval: 30s
      timeout: 5s
      retries: 3
      start_period: 1m30s
    labels:
      com.example.team: "team${i}"
      com.example.note: 'it''s # not a comment'
    networks: [front, back]
    ulimits: {nofile: {soft: 1024, hard: 2048}}
    deploy:
      resources:
        limits: {cpus: "0.5", memory: 512m}
        reservations:
          memory: 64M
`;

const DOCUMENT = `# warm-up project
name: warm
x-defaults: &defaults
  restart: unless-stopped
  logging:
    driver: json-file
    options:
      max-size: "10m"
services:
${[0, 1, 2, 3].map(SERVICE).join('')}  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: example
      PGDATA: /var/lib/postgresql/data/pg
    healthcheck:
      test: pg_isready
      interval: 10s
    volumes: [db:/var/lib/postgresql/data]
    networks:
      back:
        aliases: [database]
  cache:
    build:
      context: ./cache
      args: [VERSION=1]
    read_only: true
    cap_add: [NET_ADMIN]
    tmpfs: /run
    stop_grace_period: 1m
    profiles: [all]
volumes:
  db: {}
  cache:
    driver: local
networks:
  front: {}
  back:
    internal: true
`;

function memoryHost(): ComposeHost {
  return {
    readFile: (path) => {
      if (path === '/warm-up/compose.yaml') return DOCUMENT;
      throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    },
    exists: (path) => (path === '/warm-up/compose.yaml' ? 'file' : path === '/warm-up' || path === '/' ? 'directory' : undefined),
    env: () => ({ TAG: '1.2' }),
    cwd: () => '/warm-up',
  };
}

const silent: Output = { out: () => {}, err: () => {}, isTTY: false, stderrIsTTY: false, columns: 80 };

/** Runs `compose config` (yaml, json, --services) over the in-memory project a few times. */
export function warmUp(rounds = 3, io: Output = silent): void {
  const host = memoryHost();
  const project = { files: ['compose.yaml'], profiles: ['all'], envFiles: [] };
  for (let i = 0; i < rounds; i++) {
    configWith(host, { project, services: [] }, io);
    if (i === 0) {
      configWith(host, { project, services: [], format: 'json' }, io);
      configWith(host, { project, services: [], listServices: true }, io);
    }
  }
}
