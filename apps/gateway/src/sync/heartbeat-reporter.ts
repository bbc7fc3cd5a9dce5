import type { Logger } from 'pino';
import type { NodeCredential } from './node-credential.js';

export type NodeState = 'serving' | 'starting' | 'degraded';

/** What a node tells the control plane; the control plane lists fleets' nodes with it. */
export interface HeartbeatReport {
  readonly nodeId: string;
  readonly hostname: string;
  readonly appliedVersion: number | null;
  readonly startedAt: string;
  readonly state: NodeState;
  readonly lastError?: string;
}

export interface NodeStatus {
  readonly appliedVersion: number | null;
  readonly state: NodeState;
  readonly lastError?: string | undefined;
}

export interface HeartbeatReporterOptions {
  readonly controlPlaneUrl: URL;
  readonly fleetId: string;
  readonly credential: NodeCredential;
  readonly nodeId: string;
  readonly hostname: string;
  readonly startedAt: Date;
  readonly intervalMs: number;
  readonly logger: Logger;
  readonly status: () => NodeStatus;
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const MAX_ERROR_CHARS = 500;

/**
 * Reports the node's applied version and state every interval, and at once when asked (after
 * each apply). One report at a time; asks that come while one is on the way are folded into the
 * next. A control plane that is down is logged once, not every interval.
 */
export class HeartbeatReporter {
  readonly url: URL;
  #stopped = false;
  #requested = false;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  #failing = false;
  readonly #abort = new AbortController();

  constructor(private readonly options: HeartbeatReporterOptions) {
    const base = new URL(options.controlPlaneUrl);
    if (!base.pathname.endsWith('/')) base.pathname = `${base.pathname}/`;
    this.url = new URL(
      `api/v1/fleets/${encodeURIComponent(options.fleetId)}/nodes/heartbeat`,
      base,
    );
  }

  start(): void {
    this.#requested = true;
    this.#loop ??= this.#run();
  }

  reportNow(): void {
    this.#requested = true;
    this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    this.#wake?.();
    await this.#loop;
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      if (!this.#requested) await this.#sleep(this.options.intervalMs);
      if (this.#stopped) return;
      this.#requested = false;
      await this.#send();
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = undefined;
        done();
      };
    });
  }

  async #send(): Promise<void> {
    const { credential, logger } = this.options;
    const status = this.options.status();
    const report: HeartbeatReport = {
      nodeId: this.options.nodeId,
      hostname: this.options.hostname,
      appliedVersion: status.appliedVersion,
      startedAt: this.options.startedAt.toISOString(),
      state: status.state,
      ...(status.lastError === undefined
        ? {}
        : { lastError: status.lastError.slice(0, MAX_ERROR_CHARS) }),
    };
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { authorization: credential.bearer(), 'content-type': 'application/json' },
        body: JSON.stringify(report),
        redirect: 'error',
        signal: AbortSignal.any([
          this.#abort.signal,
          AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        ]),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      if (this.#failing)
        logger.info({ url: this.url.href }, 'heartbeats reach the control plane again');
      this.#failing = false;
    } catch (error) {
      if (this.#stopped) return;
      const detail = error instanceof Error ? error.message : String(error);
      // Once per outage: the snapshot pull already says loudly when the control plane is gone.
      if (!this.#failing) logger.warn({ url: this.url.href, err: detail }, 'heartbeat failed');
      else logger.debug({ url: this.url.href, err: detail }, 'heartbeat failed');
      this.#failing = true;
    }
  }
}
