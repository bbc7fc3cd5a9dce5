// One scenario: a Pool of N connections to the target, one MCP session, N concurrent loops of
// tools/call for a warm-up then a measured window. Every response is checked; the first failure
// stops the scenario.
import { Pool } from 'undici';
import type { BenchTarget } from './bench-target.js';
import { isEchoOf, targetLabel } from './bench-target.js';
import { summarizeLatencies } from './latency-stats.js';
import { postRequest, REQUEST_TIMEOUT_MS } from './mcp-post.js';
import { closeSession, openSession } from './mcp-session.js';
import type { BenchSession } from './mcp-session.js';

/** Hard cap per loop, whatever the duration: no loop runs unbounded. */
const MAX_CALLS_PER_LOOP = 2_000_000;

export interface LoadSettings {
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

export interface ScenarioResult {
  label: string;
  target: BenchTarget;
  connections: number;
  /** Calls completed inside the measured window. */
  calls: number;
  callsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  failures: number;
  /** The first failure, if any: the scenario was aborted there. */
  failure: string | undefined;
  json: number;
  sse: number;
  session: BenchSession | undefined;
}

export async function runScenario(
  target: BenchTarget,
  settings: LoadSettings,
): Promise<ScenarioResult> {
  const label = targetLabel(target);
  const pool = new Pool(new URL(target.url).origin, {
    connections: settings.connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
  });
  const base = { label, target, connections: settings.connections };
  let session: BenchSession | undefined;
  try {
    session = await openSession(pool, target);
  } catch (err) {
    await pool.close();
    return failedScenario(target, settings.connections, `handshake: ${message(err)}`);
  }

  const state = { stop: false, failures: 0, failure: undefined as string | undefined };
  const latencies: number[] = [];
  let calls = 0;
  let json = 0;
  let sse = 0;
  const start = performance.now();
  const measureStart = start + settings.warmupSeconds * 1000;
  const measureEnd = measureStart + settings.seconds * 1000;
  const open = session;

  const fail = (problem: string): void => {
    state.failures++;
    state.failure ??= problem;
    state.stop = true;
  };

  const loop = async (worker: number): Promise<void> => {
    for (let i = 0; i < MAX_CALLS_PER_LOOP && !state.stop; i++) {
      const t0 = performance.now();
      if (t0 >= measureEnd) return;
      const id = open.nextId();
      const sent = `bench-${worker}-${id}`;
      const payload = JSON.stringify({
        jsonrpc: '2.0',
        id,
        method: 'tools/call',
        params: { name: target.tool, arguments: { [target.argument]: sent } },
      });
      try {
        const posted = await postRequest(pool, open.path, open.headers, id, payload);
        const t1 = performance.now();
        if (!posted.outcome.ok) {
          fail(`call ${id}: ${posted.outcome.problem}`);
          return;
        }
        if (!isEchoOf(posted.outcome.result, sent)) {
          fail(
            `call ${id}: result does not echo "${sent}": ${JSON.stringify(posted.outcome.result)}`,
          );
          return;
        }
        if (posted.format === 'sse') sse++;
        else json++;
        if (t1 >= measureStart && t1 <= measureEnd) calls++;
        if (t0 >= measureStart && t1 <= measureEnd) latencies.push(t1 - t0);
      } catch (err) {
        fail(`call ${id}: ${message(err)}`);
        return;
      }
    }
  };

  await Promise.all(Array.from({ length: settings.connections }, (_, worker) => loop(worker)));
  await closeSession(pool, open);
  await pool.close();

  const stats = summarizeLatencies(latencies);
  return {
    ...base,
    calls,
    callsPerSecond: calls / settings.seconds,
    p50: stats.p50,
    p99: stats.p99,
    max: stats.max,
    failures: state.failures,
    failure: state.failure,
    json,
    sse,
    session,
  };
}

/** A scenario that could not run at all. */
export function failedScenario(
  target: BenchTarget,
  connections: number,
  problem: string,
): ScenarioResult {
  return {
    label: targetLabel(target),
    target,
    connections,
    calls: 0,
    callsPerSecond: 0,
    p50: Number.NaN,
    p99: Number.NaN,
    max: Number.NaN,
    failures: 1,
    failure: problem,
    json: 0,
    sse: 0,
    session: undefined,
  };
}

function message(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
