import { defineCommand } from '../../command';
import { container } from '../groups';

export default defineCommand({
  name: 'update', group: container, shortcuts: ['update'],
  summary: 'Update configuration of one or more containers',
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  examples: '  nerdts update -m 256m --pids-limit 100 web\n  nerdts update --restart always web',
  flags: {
    cpus: { type: 'string', description: 'Number of CPUs' },
    'cpu-shares': { type: 'number', short: 'c', description: 'CPU shares (relative weight)' },
    'cpu-period': { type: 'number', description: 'Limit CPU CFS (Completely Fair Scheduler) period' },
    'cpu-quota': { type: 'number', description: 'Limit CPU CFS (Completely Fair Scheduler) quota' },
    'cpuset-cpus': { type: 'string', description: 'CPUs in which to allow execution (0-3, 0,1)' },
    'cpuset-mems': { type: 'string', description: 'MEMs in which to allow execution (0-3, 0,1)' },
    memory: { type: 'string', short: 'm', description: 'Memory limit' },
    'memory-reservation': { type: 'string', description: 'Memory soft limit' },
    'memory-swap': { type: 'string', description: "Swap limit equal to memory plus swap: -1 to enable unlimited swap" },
    'pids-limit': { type: 'number', description: 'Tune container pids limit (set -1 for unlimited)' },
    restart: {
      type: 'string', complete: ['no', 'always', 'on-failure', 'unless-stopped'],
      description: 'Restart policy to apply when a container exits',
    },
  },
  args: { min: 1, complete: 'containers' },
  run: (ctx) => {
    const f = ctx.flags;
    const set = Object.entries({
      cpus: f.cpus, cpuShares: f.cpuShares, cpuPeriod: f.cpuPeriod, cpuQuota: f.cpuQuota, cpusetCpus: f.cpusetCpus,
      cpusetMems: f.cpusetMems, memory: f.memory, memoryReservation: f.memoryReservation, memorySwap: f.memorySwap,
      pidsLimit: f.pidsLimit, restart: f.restart,
    }).filter(([, v]) => v !== undefined);
    return ctx.loadChunk('container').update(ctx.globals, { containers: ctx.args, ...Object.fromEntries(set) }, ctx.io);
  },
});
