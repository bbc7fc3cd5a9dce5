// Where each process runs. The gateway's target is stated "on one core": when `taskset` exists
// the gateway gets the last CPU this process may use, and the benchmark itself (load generator)
// plus the upstreams it spawns (children inherit affinity) are moved to the other CPUs, so the
// gateway's core is its own. Direct scenarios run under the same restriction, for a fair ratio.
import { spawnSync } from 'node:child_process';

export interface CpuPlan {
  /** CPU list for `taskset -c` of the gateway, or undefined when not pinned. */
  gatewayCpus: string | undefined;
  /** One line for the output: what was done, and why. */
  note: string;
}

export function planCpus(enabled: boolean): CpuPlan {
  if (!enabled) return { gatewayCpus: undefined, note: 'CPU pinning disabled (BENCH_PIN=0)' };
  const query = spawnSync('taskset', ['-cp', String(process.pid)], { encoding: 'utf8' });
  if (query.error !== undefined || query.status !== 0) {
    return {
      gatewayCpus: undefined,
      note: 'taskset not found: the gateway is NOT pinned to one core',
    };
  }
  const cpus = parseCpuList(query.stdout.split(':').pop() ?? '');
  const last = cpus[cpus.length - 1];
  if (last === undefined) {
    return {
      gatewayCpus: undefined,
      note: `could not read this process's CPU affinity: ${query.stdout.trim()}`,
    };
  }
  if (cpus.length === 1) {
    return {
      gatewayCpus: String(last),
      note: `one CPU available (${last}): gateway pinned to it, sharing it with the load generator and upstreams`,
    };
  }
  const others = cpus.slice(0, -1).join(',');
  const move = spawnSync('taskset', ['-cp', others, String(process.pid)], { encoding: 'utf8' });
  if (move.status !== 0) {
    return {
      gatewayCpus: String(last),
      note: `gateway pinned to CPU ${last}; could not move the load generator off it (${move.stderr.trim()})`,
    };
  }
  return {
    gatewayCpus: String(last),
    note:
      `gateway pinned to CPU ${last} (taskset -c ${last}); load generator and upstreams on CPU ${others} ` +
      `(${cpus.length} CPUs available)`,
  };
}

/** Wraps a command in `taskset -c <cpus>` when a CPU list is given. */
export function pinned(
  cpus: string | undefined,
  command: string,
  args: string[],
): { command: string; args: string[] } {
  return cpus === undefined
    ? { command, args }
    : { command: 'taskset', args: ['-c', cpus, command, ...args] };
}

/** "0-2,5" → [0, 1, 2, 5] (bounded: at most 4096 CPUs). */
export function parseCpuList(text: string): number[] {
  const cpus: number[] = [];
  for (const part of text.trim().split(',')) {
    const [from, to] = part.split('-').map((n) => Number(n));
    if (from === undefined || !Number.isInteger(from)) continue;
    const end = to !== undefined && Number.isInteger(to) ? Math.min(to, from + 4096) : from;
    for (let cpu = from; cpu <= end && cpus.length < 4096; cpu++) cpus.push(cpu);
  }
  return cpus;
}
