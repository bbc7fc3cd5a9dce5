import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { ConfigSourceError } from '../config/config-source-error.js';
import { snapshotVerifierFor } from '../config/trusted-keys.js';
import type { RuntimeHolder } from '../runtime/runtime-holder.js';
import type { BackoffOptions } from '../upstream/stdio/backoff.js';
import { HeartbeatReporter, type NodeStatus } from './heartbeat-reporter.js';
import { loadNodeCredential, type NodeCredentialSource } from './node-credential.js';
import { loadOrCreateNodeId } from './node-identity.js';
import { SnapshotAcceptor } from './snapshot-acceptor.js';
import { SnapshotClient } from './snapshot-client.js';
import type { SnapshotMetrics } from './snapshot-metrics.js';
import { SnapshotStore } from './snapshot-store.js';
import { SnapshotSync } from './snapshot-sync.js';

export interface ControlPlaneSourceOptions {
  readonly controlPlaneUrl: URL;
  readonly fleetId: string;
  readonly credential: NodeCredentialSource;
  readonly trustedKeysFile: string;
  readonly stateDir: string;
  /** Defaults to the id kept in the state directory (made on first start). */
  readonly nodeId?: string | undefined;
  readonly heartbeatIntervalMs: number;
  readonly waitSeconds?: number | undefined;
  readonly backoff?: BackoffOptions | undefined;
  readonly holder: RuntimeHolder;
  readonly metrics: SnapshotMetrics;
  readonly logger: Logger;
}

export interface ControlPlaneSource {
  readonly nodeId: string;
  status(): NodeStatus;
  stop(): Promise<void>;
}

/**
 * Runs a node from its fleet's signed snapshots: the last good one from disk first (a node
 * that restarts while the control plane is down still serves), then the long-poll loop and the
 * heartbeat. Throws a ConfigSourceError when the node was given something it cannot use.
 */
export async function startControlPlaneSource(
  options: ControlPlaneSourceOptions,
): Promise<ControlPlaneSource> {
  const { holder, metrics, logger, fleetId } = options;
  const verifier = await snapshotVerifierFor(options.trustedKeysFile, fleetId);
  const credential = await loadNodeCredential(options.credential).catch((error: unknown) => {
    throw new ConfigSourceError((error as Error).message, { cause: error });
  });
  const store = new SnapshotStore(options.stateDir, fleetId);
  let nodeId: string;
  try {
    await store.prepare();
    nodeId = options.nodeId ?? (await loadOrCreateNodeId(options.stateDir));
  } catch (error) {
    throw new ConfigSourceError(
      `state directory ${options.stateDir}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const acceptor = new SnapshotAcceptor({
    verifier,
    holder,
    metrics,
    logger,
    source: 'control-plane',
  });
  const client = new SnapshotClient({
    controlPlaneUrl: options.controlPlaneUrl,
    fleetId,
    credential,
  });
  const waiting = (problem: string | undefined): void => {
    holder.waitingReason = `waiting for the first snapshot of fleet "${fleetId}" from ${options.controlPlaneUrl.origin}${problem === undefined ? '' : `: ${problem}`}`;
  };
  waiting(undefined);
  logger.info(
    {
      controlPlane: options.controlPlaneUrl.origin,
      fleetId,
      nodeId,
      stateDir: options.stateDir,
      trustedKeys: verifier.keyIds,
    },
    'gateway node pulls its config from the control plane',
  );

  await restoreFromDisk(store, acceptor, logger);

  const heartbeat = new HeartbeatReporter({
    controlPlaneUrl: options.controlPlaneUrl,
    fleetId,
    credential,
    nodeId,
    hostname: hostname(),
    startedAt: new Date(),
    intervalMs: options.heartbeatIntervalMs,
    logger,
    status: () => status(),
  });
  const sync = new SnapshotSync({
    client,
    acceptor,
    store,
    metrics,
    logger,
    waitSeconds: options.waitSeconds,
    backoff: options.backoff,
    onApplied: () => heartbeat.reportNow(),
    onProblem: (problem) => {
      waiting(problem);
      // A refusal or an outage is news the control plane should not wait an interval for.
      heartbeat.reportNow();
    },
  });
  function status(): NodeStatus {
    const runtime = holder.runtime;
    const problem = sync.problem;
    return {
      appliedVersion: acceptor.applied?.version ?? null,
      state:
        runtime === undefined || !runtime.ready
          ? 'starting'
          : problem === undefined
            ? 'serving'
            : 'degraded',
      lastError: problem,
    };
  }
  sync.start();
  heartbeat.start();
  return {
    nodeId,
    status,
    async stop() {
      await Promise.all([sync.stop(), heartbeat.stop()]);
    },
  };
}

async function restoreFromDisk(
  store: SnapshotStore,
  acceptor: SnapshotAcceptor,
  logger: Logger,
): Promise<void> {
  let jws: string | undefined;
  try {
    jws = await store.load();
  } catch (error) {
    logger.warn(
      { file: store.path, err: (error as Error).message },
      'could not read the last good snapshot; waiting for the control plane',
    );
    return;
  }
  if (jws === undefined) return;
  const outcome = await acceptor.offer({ jws, origin: 'disk', from: store.path });
  if (outcome.kind === 'applied') {
    logger.info(
      { file: store.path, version: outcome.version },
      'serving the last good snapshot from disk until the control plane says otherwise',
    );
  }
}
