import type { GatewayConfig } from '@gatehouse/contracts';
import type { Logger } from 'pino';
import { GatewayRuntime, type RuntimeChangeListener } from './gateway-runtime.js';

/** Where the configuration in force came from, for /readyz, heartbeats and log lines. */
export interface AppliedSnapshotInfo {
  readonly source: 'file' | 'control-plane';
  /** How it reached the node: pulled, restored from the state directory, or read from a file. */
  readonly origin: 'control-plane' | 'disk' | 'file';
  readonly signed: boolean;
  /** Null for an unsigned file, which has no version. */
  readonly version: number | null;
  readonly contentHash: string | null;
  readonly fleetId: string | null;
  readonly kid: string | null;
  readonly createdAt: string | null;
  readonly appliedAt: string;
}

/** Listen settings the command line fixed; whatever it leaves open comes from the first config. */
export interface ListenOverrides {
  readonly host?: string | undefined;
  readonly port?: number | undefined;
}

type Listen = GatewayConfig['listen'];

/**
 * The node's runtime slot: empty until the first good config arrives (a control-plane node
 * listens before it has one), then the runtime every request is served by. Listen settings are
 * fixed by the first config and the command line: a socket cannot move under a running node.
 */
export class RuntimeHolder {
  #runtime: GatewayRuntime | undefined;
  #snapshot: AppliedSnapshotInfo | undefined;
  #listen: Listen | undefined;
  #waitingReason = 'waiting for the first configuration';
  readonly #listeners = new Set<RuntimeChangeListener>();
  readonly #unsubscribe: (() => void)[] = [];

  constructor(
    private readonly logger: Logger,
    private readonly overrides: ListenOverrides,
  ) {}

  get runtime(): GatewayRuntime | undefined {
    return this.#runtime;
  }

  get snapshot(): AppliedSnapshotInfo | undefined {
    return this.#snapshot;
  }

  /** The MCP endpoint path; unknown until the first config says it. */
  get mcpPath(): string | undefined {
    return this.#listen?.path;
  }

  /** Why MCP requests get 503 while the slot is empty. */
  get waitingReason(): string {
    return this.#waitingReason;
  }

  set waitingReason(reason: string) {
    this.#waitingReason = reason;
  }

  /** The first runtime is started with the config; later ones swap atomically. */
  install(config: GatewayConfig, snapshot: AppliedSnapshotInfo): void {
    const listen = this.#fixListen(config.listen);
    const effective: GatewayConfig = { ...config, listen };
    if (this.#runtime === undefined) {
      const runtime = GatewayRuntime.start(effective, this.logger);
      this.#unsubscribe.push(
        runtime.onChange((next, previous) => {
          for (const listener of this.#listeners) listener(next, previous);
        }),
      );
      this.#runtime = runtime;
    } else {
      this.#runtime.apply(effective);
    }
    this.#snapshot = snapshot;
  }

  /** Called after each swap (not on the first start: no session can exist before it). */
  onChange(listener: RuntimeChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    await this.#runtime?.close();
  }

  #fixListen(wanted: Listen): Listen {
    const fixed = this.#listen;
    if (fixed === undefined) {
      this.#listen = {
        host: this.overrides.host ?? wanted.host,
        port: this.overrides.port ?? wanted.port,
        path: wanted.path,
      };
      return this.#listen;
    }
    // Settings the command line overrides are not the config's to change, so no warning.
    const moved =
      wanted.path !== fixed.path ||
      (this.overrides.host === undefined && wanted.host !== fixed.host) ||
      (this.overrides.port === undefined && wanted.port !== fixed.port);
    if (moved) {
      this.logger.warn(
        { listen: wanted, inForce: fixed },
        'listen settings change only on restart; the rest applies now',
      );
    }
    return fixed;
  }
}
