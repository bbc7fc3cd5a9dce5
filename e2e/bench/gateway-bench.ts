// Gateway benchmark (issues 2 and 4): `npm run bench:gateway [-- --direct-only]`.
// Starts server-everything, the fast upstream and the gateway as child processes, then drives
// tools/call load at each connection count: direct, through the gateway (pass-through) and
// through the gateway with the full policy, for each upstream.
// Env: BENCH_SECONDS (5), BENCH_WARMUP_SECONDS (1), BENCH_CONNECTIONS ("20,50"), BENCH_PIN (1),
// BENCH_GATEWAY_READY_SECONDS (20), BENCH_GATEWAY_ENTRY (another gateway entry point),
// BENCH_POLICY_RATE_LIMITS (tenant | all: the Redis rate limits a full-policy call takes).
// See docs/PERFORMANCE.md.
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { readBenchOptions } from './bench-options.js';
import type { BenchOptions } from './bench-options.js';
import { formatComparison, formatTable } from './bench-report.js';
import { echoTarget, targetLabel } from './bench-target.js';
import type { BenchTarget } from './bench-target.js';
import { ChildRegistry } from './child-processes.js';
import type { Child } from './child-processes.js';
import { planCpus } from './cpu-plan.js';
import { freePorts } from './free-port.js';
import { BENCH_API_KEY, policyRateLimits, startGateway } from './gateway-process.js';
import { failedScenario, runScenario } from './load-run.js';
import type { ScenarioResult } from './load-run.js';
import { clip } from './rpc-response.js';
import { startFastUpstreamProcess, startServerEverything } from './upstream-processes.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const registry = new ChildRegistry();
const cleanups: (() => Promise<void>)[] = [];
let interrupted = false;

process.on('exit', () => registry.killAllNow());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: stopping child processes`);
    void shutdown().finally(() => process.exit(130));
  });
}

async function main(options: BenchOptions): Promise<number> {
  const cpuCount = availableParallelism(); // before planCpus narrows this process's affinity
  const cpu = planCpus(options.pin);
  console.log(`Gatehouse gateway pass-through benchmark — Node ${process.version}`);
  console.log(
    `window ${options.seconds} s after ${options.warmupSeconds} s warm-up, connections ` +
      `${options.connections.join(' and ')}, ${cpuCount} CPUs`,
  );
  console.log(`CPU: ${cpu.note}`);
  const rateLimits = policyRateLimits(process.env);
  console.log(
    `full policy: API key, scope, JSON Schema, concurrency cap, Redis rate limits: ${
      rateLimits === 'all' ? 'tenant, client and client+tool (3 per call)' : 'tenant (1 per call)'
    } (BENCH_POLICY_RATE_LIMITS)`,
  );
  console.log(`load average before: ${loadLine()}`);

  const [everythingPort = 0, fastPort = 0, gatewayPort = 0] = await freePorts(3);
  const [everything, fast] = await Promise.all([
    startServerEverything(registry, repoRoot, everythingPort),
    startFastUpstreamProcess(registry, repoRoot, fastPort),
  ]);
  console.log(`server-everything at ${everything.url}; fast upstream at ${fast.url}`);

  const targets: BenchTarget[] = [echoTarget('everything', 'direct', everything.url)];
  const gatewayTargets: BenchTarget[] = [];
  let gatewayNote: string;
  let gatewayChild: Child | undefined;
  if (options.directOnly) {
    gatewayNote = 'gateway scenarios skipped (--direct-only)';
  } else {
    const gateway = await startGateway(registry, {
      repoRoot,
      port: gatewayPort,
      everythingUrl: everything.url,
      fastUrl: fast.url,
      redisUrl: process.env['GATEHOUSE_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
      policyRateLimits: rateLimits,
      cpus: cpu.gatewayCpus,
      readyTimeoutMs: options.gatewayReadySeconds * 1000,
      entryOverride: options.gatewayEntry,
    });
    if (gateway.ok) {
      cleanups.push(() => gateway.stop());
      gatewayChild = gateway.child;
      gatewayNote = `gateway at ${gateway.url}: ${gateway.how}`;
      const credential = { authorization: `Bearer ${BENCH_API_KEY}` };
      gatewayTargets.push(
        echoTarget('everything', 'gateway', gateway.url),
        echoTarget('everything', 'policy', gateway.url, credential),
        echoTarget('fast', 'gateway', gateway.url),
        echoTarget('fast', 'policy', gateway.url, credential),
      );
    } else {
      gatewayNote = `gateway scenarios SKIPPED — the gateway did not become ready: ${gateway.reason}`;
    }
  }
  console.log(gatewayNote);
  targets.push(...gatewayTargets.filter((t) => t.upstream === 'everything'));
  targets.push(echoTarget('fast', 'direct', fast.url));
  targets.push(...gatewayTargets.filter((t) => t.upstream === 'fast'));

  const results: ScenarioResult[] = [];
  for (const target of targets) {
    for (const connections of options.connections) {
      if (interrupted) return 130;
      process.stdout.write(
        `running ${targetLabel(target)} (${target.tool}) @ ${connections} conns … `,
      );
      const gatewayGone = target.route !== 'direct' && gatewayChild?.hasExited() === true;
      const result = gatewayGone
        ? failedScenario(target, connections, `the gateway has exited:\n${gatewayChild?.tail()}`)
        : await runScenario(target, {
            connections,
            warmupSeconds: options.warmupSeconds,
            seconds: options.seconds,
          });
      results.push(result);
      console.log(
        result.failures > 0
          ? `FAILED: ${result.failure ?? '?'}`
          : `${Math.round(result.callsPerSecond)} calls/s, p50 ${result.p50.toFixed(2)} ms`,
      );
      if (result.session !== undefined && connections === options.connections[0]) {
        const s = result.session;
        console.log(
          `  session ${clip(s.sessionId ?? '(none)', 24)}, protocol ${s.protocolVersion}, handshake bodies ` +
            `${s.handshakeFormats.join('/')}, ${s.toolNames.length} tools: ${s.toolNames.join(', ')}`,
        );
      }
    }
  }

  console.log('');
  console.log(formatTable(results));
  console.log('');
  console.log(formatComparison(results));
  console.log('');
  console.log(`CPU: ${cpu.note}`);
  console.log(`load average after: ${loadLine()} (other work on the machine skews every figure)`);
  console.log(gatewayNote);
  return results.some((r) => r.failures > 0) ? 1 : 0;
}

/** Stops the gateway (and removes its config), then every other child process. */
async function shutdown(): Promise<void> {
  for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => undefined);
  await registry.killAll();
}

function loadLine(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}

let code = 1;
try {
  code = await main(readBenchOptions(process.argv.slice(2), process.env));
} catch (err) {
  console.error(`\nbenchmark aborted: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  await shutdown();
}
process.exit(code);
