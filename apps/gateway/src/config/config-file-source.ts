import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { GatewayConfigError, parseGatewayConfig, type GatewayConfig } from '@gatehouse/contracts';
import type { Logger } from 'pino';
import type { RuntimeHolder } from '../runtime/runtime-holder.js';
import { SnapshotAcceptor } from '../sync/snapshot-acceptor.js';
import type { SnapshotMetrics } from '../sync/snapshot-metrics.js';
import { ConfigFileWatcher } from './config-file-watcher.js';
import { ConfigSourceError } from './config-source-error.js';
import { isCompactJws } from './config-text.js';
import { snapshotVerifierFor } from './trusted-keys.js';

export interface FileConfigSourceOptions {
  readonly path: string;
  /** A plain YAML/JSON config is accepted only when the operator says so. */
  readonly allowUnsigned: boolean;
  /** Needed for a signed file (compact JWS). */
  readonly trustedKeysFile?: string | undefined;
  /** A signed file must be for this fleet; undefined accepts any (a single node). */
  readonly fleetId?: string | undefined;
  readonly holder: RuntimeHolder;
  readonly metrics: SnapshotMetrics;
  readonly logger: Logger;
  readonly env?: NodeJS.ProcessEnv;
}

export interface FileConfigSource {
  stop(): void;
}

/** What a file was judged to be; `problem` is the reason it cannot be applied. */
type FileVerdict =
  { readonly applied: true } | { readonly applied: false; readonly problem: string };

/**
 * The DB-less source: one file, either a signed snapshot (the control plane's format, verified
 * as a pulled one is) or a plain config (only with --allow-unsigned). At start a file that cannot
 * be used stops the node with the reason; later edits that cannot be used are refused and logged
 * while the config in force keeps serving.
 */
export async function startFileConfigSource(
  options: FileConfigSourceOptions,
): Promise<FileConfigSource> {
  const { holder, metrics, logger } = options;
  const path = resolve(options.path);
  const acceptor =
    options.trustedKeysFile === undefined
      ? undefined
      : new SnapshotAcceptor({
          verifier: await snapshotVerifierFor(options.trustedKeysFile, options.fleetId ?? null),
          holder,
          metrics,
          logger,
          source: 'file',
        });

  const applySigned = async (jws: string): Promise<FileVerdict> => {
    if (acceptor === undefined) {
      return {
        applied: false,
        problem: `${options.path} is a signed snapshot (compact JWS); pass --trusted-keys FILE with the public key(s) it may be signed with`,
      };
    }
    const outcome = await acceptor.offer({ jws, origin: 'file', from: path });
    if (outcome.kind === 'applied' || outcome.kind === 'unchanged') return { applied: true };
    return { applied: false, problem: `${options.path}: ${outcome.message}` };
  };

  const applyPlain = (config: GatewayConfig): void => {
    const appliedAt = new Date();
    holder.install(config, {
      source: 'file',
      origin: 'file',
      signed: false,
      version: null,
      contentHash: null,
      fleetId: null,
      kid: null,
      createdAt: null,
      appliedAt: appliedAt.toISOString(),
    });
    metrics.applied(null, appliedAt);
  };

  const unsignedProblem = `${options.path} is an unsigned config (YAML/JSON): run it with --allow-unsigned, or sign it as a snapshot (gatehouse snapshot sign) and pass --trusted-keys`;

  const initialText = await readConfigText(options.path);
  if (isCompactJws(initialText)) {
    const verdict = await applySigned(initialText);
    if (!verdict.applied) throw new ConfigSourceError(verdict.problem);
  } else {
    if (!options.allowUnsigned) throw new ConfigSourceError(unsignedProblem);
    applyPlain(parseGatewayConfig(initialText, options.path, options.env ?? process.env));
  }

  const onText = async (text: string): Promise<void> => {
    if (isCompactJws(text)) {
      // The acceptor has logged and counted a refusal; a missing keyring is logged here.
      const verdict = await applySigned(text);
      if (!verdict.applied && acceptor === undefined) {
        metrics.refused('unknown-key');
        logger.warn(
          { file: path, reason: 'unknown-key' },
          `${verdict.problem}; the config in force stays`,
        );
      }
      return;
    }
    if (!options.allowUnsigned) {
      metrics.refused('unsigned');
      logger.warn(
        { file: path, reason: 'unsigned' },
        `snapshot refused (unsigned): ${unsignedProblem}; the config in force stays`,
      );
      return;
    }
    let config: GatewayConfig;
    try {
      config = parseGatewayConfig(text, path, options.env ?? process.env);
    } catch (error) {
      const problems =
        error instanceof GatewayConfigError
          ? error.problems
          : [{ path: '(root)', message: (error as Error).message }];
      logger.error({ file: path, problems }, 'config change refused; the config in force stays');
      return;
    }
    applyPlain(config);
  };

  const watcher = new ConfigFileWatcher(path, onText, logger);
  watcher.start(initialText);
  return { stop: () => watcher.stop() };
}

async function readConfigText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new GatewayConfigError(path, [
      { path: '(root)', message: `cannot read the file: ${(error as Error).message}` },
    ]);
  }
}
