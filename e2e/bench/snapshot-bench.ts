// Snapshot build and apply benchmark (issue 3): `npm run bench:snapshot`.
// Creates its own database (gatehouse_bench_<random>, dropped at the end, also on error or
// Ctrl-C, and by a detached watchdog if the process is killed), seeds 500 tenants, 5 000
// clients and 2 000 tools, then times over several runs:
//   build = the control plane's path: load the fleet's config from Postgres (the real
//           FleetConfigSourceRepository, in a transaction) + compileFleetConfig +
//           buildSnapshotEnvelope + signSnapshot (ES256 via jose);
//   apply = a node's path: its SnapshotAcceptor, i.e. SnapshotVerifier.verify (signature, kid,
//           envelope and config schema, content hash, version) + RuntimeHolder.install
//           (GatewayRuntime.start on the first snapshot, GatewayRuntime.apply on a later one).
// Upstreams point at an unused loopback port, so no upstream process is started or reached.
// Env: DATABASE_URL (postgresql://postgres@127.0.0.1:5432/postgres; only its server is used),
// BENCH_ITERATIONS (7). See docs/PERFORMANCE.md.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import type { GatewayConfig } from '@gatehouse/contracts';
import {
  applyMigrations,
  createDatabase,
  createPrismaClient,
  dropDatabase,
  redactDatabaseUrl,
  withDatabase,
} from '@gatehouse/db';
import type { PrismaClient } from '@gatehouse/db';
import {
  SnapshotVerifier,
  buildSnapshotEnvelope,
  generateSigningKey,
  signSnapshot,
} from '@gatehouse/signing';
import type { SigningKey } from '@gatehouse/signing';
import { pino } from 'pino';
// The benchmark times the apps' own internal modules, which no package entry point exports.
/* eslint-disable @nx/enforce-module-boundaries */
import { compileFleetConfig } from '../../apps/control-plane/src/snapshots/compile-fleet-config.js';
import { RuntimeHolder } from '../../apps/gateway/src/runtime/runtime-holder.js';
import { SnapshotAcceptor } from '../../apps/gateway/src/sync/snapshot-acceptor.js';
import { SnapshotMetrics } from '../../apps/gateway/src/sync/snapshot-metrics.js';
/* eslint-enable @nx/enforce-module-boundaries */
import { fleetConfigLoader } from './fleet-config-loader.js';
import type { FleetConfigLoader } from './fleet-config-loader.js';
import { seedEnterprise } from './snapshot-bench-seed.js';
import type { SeedSize } from './snapshot-bench-seed.js';

const SIZE: SeedSize = {
  tenants: 500,
  clientsPerTenant: 10,
  scopes: 20,
  tenantUpstreams: 80,
  sharedUpstreams: 20,
  toolsPerUpstream: 20,
};
const BUILD_TARGET_MS = 2_000;
const APPLY_TARGET_MS = 200;
/** Nothing listens on the discard port: probes fail at once, no upstream is started. */
const UNUSED_UPSTREAM_URL = 'http://127.0.0.1:9/mcp';

const iterations = Math.max(1, Number(process.env.BENCH_ITERATIONS ?? 7) || 7);
const serverUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const databaseUrl = withDatabase(serverUrl, `gatehouse_bench_${randomBytes(6).toString('hex')}`);
const silent = pino({ level: 'silent' });

let databaseCreated = false;
let prisma: PrismaClient | undefined;
const holders: RuntimeHolder[] = [];

async function cleanup(): Promise<void> {
  await Promise.allSettled(holders.splice(0).map((holder) => holder.close()));
  await prisma?.$disconnect().catch(() => undefined);
  prisma = undefined;
  if (databaseCreated) {
    databaseCreated = false;
    await dropDatabase(databaseUrl);
    console.log(`dropped ${redactDatabaseUrl(databaseUrl)}`);
  }
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // `on`, not `once`: a Ctrl-C reaches this process twice (from the terminal and relayed by
  // tsx), and a second signal without a listener would kill it before the database is dropped.
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${signal}: dropping the benchmark database`);
    void cleanup()
      .catch((error: unknown) => console.error(`cleanup failed: ${(error as Error).message}`))
      .finally(() => process.exit(130));
  });
}

/** Drops the database once this process is gone, even killed (see drop-database-on-exit.ts). */
function startWatchdog(): void {
  // Under tsx: its loader, without the preflight that talks to the tsx parent.
  const execArgv: string[] = [];
  for (let i = 0; i < process.execArgv.length; i += 1) {
    const arg = process.execArgv[i] ?? '';
    if (arg === '--require' && (process.execArgv[i + 1] ?? '').includes('preflight')) i += 1;
    else execArgv.push(arg);
  }
  const script = new URL('./drop-database-on-exit.ts', import.meta.url).pathname;
  const watchdog = spawn(
    process.execPath,
    [...execArgv, script, String(process.pid), databaseUrl],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.unref();
}

interface Stats {
  readonly median: number;
  readonly max: number;
}

function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] ?? NaN)
      : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  return { median, max: sorted[sorted.length - 1] ?? NaN };
}

function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

function kib(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} B (${(bytes / 1024).toFixed(0)} KiB)`;
}

function loadLine(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');
}

interface BuildTimes {
  load: number;
  compile: number;
  sign: number;
  total: number;
}

/** One build as SnapshotBuilder does it, minus storing the row: load, compile, sign. */
async function buildOnce(
  sources: FleetConfigLoader,
  db: PrismaClient,
  key: SigningKey,
  fleetId: string,
  version: number,
): Promise<{ jws: string; config: GatewayConfig; times: BuildTimes }> {
  const started = performance.now();
  const source = await db.$transaction((tx) => sources.load(tx, fleetId));
  const loaded = performance.now();
  const config = compileFleetConfig(source);
  const compiled = performance.now();
  const envelope = buildSnapshotEnvelope({ fleetId, version, config, createdAt: new Date() });
  const jws = await signSnapshot(envelope, key.privateKey, key.kid);
  const signed = performance.now();
  return {
    jws,
    config,
    times: {
      load: loaded - started,
      compile: compiled - loaded,
      sign: signed - compiled,
      total: signed - started,
    },
  };
}

/** A node's snapshot gate, fresh: verifier with the trusted key, empty runtime slot. */
function freshNode(key: SigningKey, fleetId: string): SnapshotAcceptor {
  const holder = new RuntimeHolder(silent, { port: 0 });
  holders.push(holder);
  return new SnapshotAcceptor({
    verifier: new SnapshotVerifier({ trustedKeys: [key], fleetId }),
    holder,
    metrics: new SnapshotMetrics(),
    logger: silent,
    source: 'control-plane',
  });
}

async function offerTimed(acceptor: SnapshotAcceptor, jws: string): Promise<number> {
  const started = performance.now();
  const outcome = await acceptor.offer({ jws, origin: 'control-plane', from: 'bench' });
  const elapsed = performance.now() - started;
  if (outcome.kind !== 'applied')
    throw new Error(`the node did not apply the snapshot: ${JSON.stringify(outcome)}`);
  return elapsed;
}

async function retireNodes(): Promise<void> {
  const closing = holders.splice(0).map(async (holder) => {
    // Probes of the unused port fail fast; wait for them so they do not overlap the next run.
    const probed = holder.runtime?.whenProbed() ?? Promise.resolve();
    await Promise.race([probed, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    await holder.close();
  });
  await Promise.all(closing);
}

async function main(): Promise<boolean> {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Gatehouse snapshot build/apply benchmark — Node ${process.version}`);
  console.log(`${availableParallelism()} CPUs (${cpu}); ${iterations} iterations`);
  console.log(`load average (1/5/15 min) before: ${loadLine()}`);

  let phase = performance.now();
  databaseCreated = await createDatabase(databaseUrl);
  if (databaseCreated) startWatchdog();
  await applyMigrations(databaseUrl);
  console.log(
    `database ${redactDatabaseUrl(databaseUrl)} created and migrated in ${ms(performance.now() - phase)}`,
  );

  const db = createPrismaClient(databaseUrl);
  prisma = db;
  phase = performance.now();
  const seeded = await seedEnterprise(db, SIZE, UNUSED_UPSTREAM_URL);
  console.log(
    `seeded in ${ms(performance.now() - phase)}: ${seeded.tenants} tenants, ${seeded.clients} clients ` +
      `(${seeded.credentials} API key hashes, ${seeded.scopeGrants} scope grants), ${seeded.scopes} scopes, ` +
      `${seeded.upstreams} upstreams (${SIZE.tenantUpstreams} of tenants + ${SIZE.sharedUpstreams} shared), ` +
      `${seeded.tools} tools (${seeded.toolVersions} versions, ${seeded.toolScopes} required scopes), ` +
      `1 fleet serving all tenants`,
  );

  const key = await generateSigningKey();
  // The control plane's own FleetConfigSourceRepository (see fleet-config-loader.ts).
  const sources = await fleetConfigLoader();

  // One unmeasured warm-up each, as a running control plane / node would be warm.
  const warm = await buildOnce(sources, db, key, seeded.fleetId, 1);
  await offerTimed(freshNode(key, seeded.fleetId), warm.jws);
  await retireNodes();

  const builds: BuildTimes[] = [];
  const snapshots: string[] = [];
  let config: GatewayConfig = warm.config;
  for (let i = 0; i < iterations; i += 1) {
    const built = await buildOnce(sources, db, key, seeded.fleetId, i + 2);
    builds.push(built.times);
    snapshots.push(built.jws);
    config = built.config;
  }
  const jws = snapshots[snapshots.length - 1] ?? warm.jws;
  const bytes = Buffer.byteLength(jws, 'utf8');
  const gzipped = gzipSync(jws).length;
  const configBytes = Buffer.byteLength(JSON.stringify(config), 'utf8');

  // A later snapshot with a change (one tool disabled, one upstream's timeout changed), signed
  // once: what a running node applies on an edit.
  const [firstTool] = config.tools;
  const [firstUpstream] = config.upstreams;
  const edited: GatewayConfig = {
    ...config,
    tools: config.tools.map((tool) => (tool === firstTool ? { ...tool, enabled: false } : tool)),
    upstreams: config.upstreams.map((upstream) =>
      upstream === firstUpstream ? { ...upstream, timeoutMs: upstream.timeoutMs + 1 } : upstream,
    ),
  };
  const editedJws = await signSnapshot(
    buildSnapshotEnvelope({
      fleetId: seeded.fleetId,
      version: iterations + 2,
      config: edited,
      createdAt: new Date(),
    }),
    key.privateKey,
    key.kid,
  );

  const verifyOnly: number[] = [];
  const coldApply: number[] = [];
  const updateApply: number[] = [];
  const verifier = new SnapshotVerifier({ trustedKeys: [key], fleetId: seeded.fleetId });
  for (let i = 0; i < iterations; i += 1) {
    const started = performance.now();
    await verifier.verify(jws);
    verifyOnly.push(performance.now() - started);
    const node = freshNode(key, seeded.fleetId);
    coldApply.push(await offerTimed(node, jws));
    updateApply.push(await offerTimed(node, editedJws));
    await retireNodes();
  }

  const build = stats(builds.map((b) => b.total));
  const cold = stats(coldApply);
  const update = stats(updateApply);
  const rows: [string, Stats, number | null][] = [
    ['build: load from Postgres', stats(builds.map((b) => b.load)), null],
    ['build: compile', stats(builds.map((b) => b.compile)), null],
    ['build: envelope + sign (ES256)', stats(builds.map((b) => b.sign)), null],
    ['build total', build, BUILD_TARGET_MS],
    ['node: verify only (incl. schema)', stats(verifyOnly), null],
    ['node: verify + apply, first (start)', cold, APPLY_TARGET_MS],
    ['node: verify + apply, update', update, APPLY_TARGET_MS],
  ];
  const verdict = (value: Stats, target: number) => (value.max < target ? 'PASS' : 'FAIL');
  console.log('');
  console.log(
    `snapshot: ${config.tenants.length} tenants, ${config.upstreams.length} upstreams, ${config.tools.length} tools ` +
      `(clients and keys are not in the snapshot yet: they come with the enforcement issue)`,
  );
  console.log(`signed snapshot (compact JWS): ${kib(bytes)}; gzip ${kib(gzipped)}`);
  console.log(`config JSON inside it: ${kib(configBytes)}`);
  console.log('');
  const header = ['step', 'median', 'max', 'target', 'result (max < target)'];
  const body = rows.map(([label, value, target]) => [
    label,
    ms(value.median),
    ms(value.max),
    target === null ? '' : `< ${target} ms`,
    target === null ? '' : verdict(value, target),
  ]);
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...body.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of body) console.log(line(row));
  console.log('');
  console.log(`load average (1/5/15 min) after: ${loadLine()}`);
  const passed =
    verdict(build, BUILD_TARGET_MS) === 'PASS' &&
    verdict(cold, APPLY_TARGET_MS) === 'PASS' &&
    verdict(update, APPLY_TARGET_MS) === 'PASS';
  console.log(
    `${passed ? 'PASS' : 'FAIL'}: build max ${ms(build.max)} (target < ${BUILD_TARGET_MS} ms), ` +
      `verify + apply max ${ms(Math.max(cold.max, update.max))} (target < ${APPLY_TARGET_MS} ms)`,
  );
  return passed;
}

let exitCode = 1;
try {
  exitCode = (await main()) ? 0 : 1;
} catch (error) {
  console.error(`benchmark failed: ${(error as Error).stack ?? String(error)}`);
} finally {
  await cleanup().catch((error: unknown) => {
    console.error(`cleanup failed: ${(error as Error).message}`);
    exitCode = 1;
  });
}
process.exit(exitCode);
