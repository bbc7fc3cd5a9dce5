// The benchmark's knobs, from the command line and the environment, checked and bounded.
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Measured window per scenario, seconds (BENCH_SECONDS, default 5). */
  seconds: number;
  /** Warm-up before the window, seconds (BENCH_WARMUP_SECONDS, default 1). */
  warmupSeconds: number;
  /** Connection counts, each a scenario (BENCH_CONNECTIONS, default "20,50"). */
  connections: number[];
  /** Skip the scenarios through the gateway (--direct-only). */
  directOnly: boolean;
  /** Pin the gateway to a core of its own and the rest elsewhere (BENCH_PIN=0 disables). */
  pin: boolean;
  /** Seconds to wait for the gateway's /readyz (BENCH_GATEWAY_READY_SECONDS, default 20). */
  gatewayReadySeconds: number;
  /** Run this gateway entry point instead of apps/gateway's (BENCH_GATEWAY_ENTRY). */
  gatewayEntry: string | undefined;
}

export function readBenchOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: { 'direct-only': { type: 'boolean', default: false } },
    strict: true,
  });
  const entry = env['BENCH_GATEWAY_ENTRY'];
  return {
    gatewayEntry: entry === undefined || entry === '' ? undefined : entry,
    seconds: boundedNumber(env['BENCH_SECONDS'], 5, 1, 600, 'BENCH_SECONDS'),
    warmupSeconds: boundedNumber(env['BENCH_WARMUP_SECONDS'], 1, 0, 60, 'BENCH_WARMUP_SECONDS'),
    connections: connectionList(env['BENCH_CONNECTIONS']),
    directOnly: values['direct-only'] === true,
    pin: env['BENCH_PIN'] !== '0',
    gatewayReadySeconds: boundedNumber(
      env['BENCH_GATEWAY_READY_SECONDS'],
      20,
      1,
      300,
      'BENCH_GATEWAY_READY_SECONDS',
    ),
  };
}

function boundedNumber(
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
  name: string,
): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${name} must be a number in [${min}, ${max}], got "${raw}"`);
  }
  return value;
}

function connectionList(raw: string | undefined): number[] {
  if (raw === undefined || raw === '') return [20, 50];
  const list = raw.split(',').map((part) => Number(part.trim()));
  if (
    list.length === 0 ||
    list.length > 10 ||
    list.some((n) => !Number.isInteger(n) || n < 1 || n > 1000)
  ) {
    throw new Error(`BENCH_CONNECTIONS must be up to 10 integers in [1, 1000], got "${raw}"`);
  }
  return list;
}
