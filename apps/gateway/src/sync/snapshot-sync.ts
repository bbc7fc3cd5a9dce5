import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { Backoff, type BackoffOptions } from '../upstream/stdio/backoff.js';
import type { OfferOutcome, SnapshotAcceptor } from './snapshot-acceptor.js';
import { SnapshotPullError, type SnapshotClient, type SnapshotPull } from './snapshot-client.js';
import type { SnapshotMetrics } from './snapshot-metrics.js';
import type { SnapshotStore } from './snapshot-store.js';

/** Below the common 30 s idle timeout of proxies and load balancers between node and control plane. */
export const DEFAULT_LONG_POLL_SECONDS = 25;

/**
 * Retries start quickly (a control plane restart is short) and settle at half a minute, with
 * up to half of each delay shaved off at random so a fleet does not come back in lockstep.
 */
export const DEFAULT_SYNC_BACKOFF: BackoffOptions = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  jitter: 0.5,
};

/** A fleet without a snapshot gets one within seconds of its first change: look again soon. */
const NO_SNAPSHOT_MAX_DELAY_MS = 5_000;

/** A control plane that answers 304 at once (no long-poll) is not asked more often than this. */
const DEFAULT_MIN_POLL_INTERVAL_MS = 1_000;

/** Pull failures are logged loudly on change and every this many attempts, quietly otherwise. */
const LOUD_EVERY_ATTEMPTS = 10;

export interface SnapshotSyncOptions {
  readonly client: Pick<SnapshotClient, 'pull' | 'url'>;
  readonly acceptor: Pick<SnapshotAcceptor, 'offer' | 'applied'>;
  readonly store: Pick<SnapshotStore, 'save' | 'path'>;
  readonly metrics: Pick<SnapshotMetrics, 'pullFailed'>;
  readonly logger: Logger;
  readonly waitSeconds?: number | undefined;
  readonly backoff?: BackoffOptions | undefined;
  readonly minPollIntervalMs?: number | undefined;
  /** After each snapshot applied (and persisted): the heartbeat reports it at once. */
  readonly onApplied?: () => void;
  /** After each change of `problem`: the readiness reason follows it. */
  readonly onProblem?: (problem: string | undefined) => void;
}

/**
 * The long-poll loop: ask for a snapshot newer than the one in force, judge and apply what
 * comes, keep the good one on disk, and back off (bounded, jittered) while the control plane is
 * unreachable. The node serves what it has throughout; nothing here blocks a request.
 */
export class SnapshotSync {
  readonly #backoff: Backoff;
  readonly #abort = new AbortController();
  #loop: Promise<void> | undefined;
  /** The version a refused snapshot came as, so the next pull waits for a different one. */
  #refusedEtag: string | undefined;
  #lastRefusedJws: string | undefined;
  #problem: string | undefined;
  #lastLoggedFailure: string | undefined;
  #unreachable = false;

  constructor(private readonly options: SnapshotSyncOptions) {
    this.#backoff = new Backoff(options.backoff ?? DEFAULT_SYNC_BACKOFF);
  }

  /** What is wrong with syncing now (unreachable, refused, ...); undefined when all is well. */
  get problem(): string | undefined {
    return this.#problem;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      const started = Date.now();
      let delayMs: number;
      try {
        delayMs = await this.#pullOnce(signal, started);
      } catch (error) {
        if (signal.aborted) return;
        delayMs = this.#pullFailed(error);
      }
      if (delayMs > 0) await sleep(delayMs, undefined, { signal }).catch(() => undefined);
    }
  }

  /** One pull and what follows from it; resolves to how long to wait before the next. */
  async #pullOnce(signal: AbortSignal, started: number): Promise<number> {
    const { client, acceptor } = this.options;
    const pull: SnapshotPull = await client.pull({
      ifNoneMatch: this.#refusedEtag ?? versionTag(acceptor.applied?.version),
      waitSeconds: this.options.waitSeconds ?? DEFAULT_LONG_POLL_SECONDS,
      signal,
    });
    this.#reachable();
    if (pull.kind === 'no-snapshot') return this.#noSnapshot(pull.detail);
    if (pull.kind === 'not-modified') {
      // Still the snapshot it refused (when it asked with that one's version): nothing is fixed yet.
      if (this.#refusedEtag === undefined) this.#healthy();
      else this.#backoff.reset();
      return this.#pollFloor(started);
    }
    const outcome = await acceptor.offer({
      jws: pull.jws,
      origin: 'control-plane',
      from: client.url.href,
    });
    return this.#judged(outcome, pull.jws, pull.etag, started);
  }

  async #judged(
    outcome: OfferOutcome,
    jws: string,
    etag: string | undefined,
    started: number,
  ): Promise<number> {
    switch (outcome.kind) {
      case 'applied':
        this.#healthy();
        await this.#persist(jws, outcome.version);
        this.options.onApplied?.();
        return 0;
      case 'unchanged':
        this.#healthy();
        return this.#pollFloor(started);
      case 'refused':
      case 'failed': {
        this.#setProblem(outcome.message);
        const again = jws === this.#lastRefusedJws;
        this.#lastRefusedJws = jws;
        this.#refusedEtag = etag;
        // With its ETag, the next pull long-polls until the control plane has another one;
        // without, or when the same one comes back regardless, only the backoff stops a hot loop.
        return etag === undefined || again ? this.#backoff.next() : this.#pollFloor(started);
      }
    }
  }

  async #persist(jws: string, version: number): Promise<void> {
    const { store, logger } = this.options;
    try {
      await store.save(jws);
    } catch (error) {
      // The node serves the snapshot regardless; only a restart while the control plane is
      // down would miss it.
      logger.error(
        { file: store.path, version, err: (error as Error).message },
        'could not keep the applied snapshot on disk',
      );
    }
  }

  #noSnapshot(detail: string): number {
    this.options.metrics.pullFailed('no-snapshot');
    const message = `the control plane has no snapshot for this fleet yet${detail === '' ? '' : ` (${detail})`}`;
    const delayMs = Math.min(this.#backoff.next(), NO_SNAPSHOT_MAX_DELAY_MS);
    this.#logFailure(message, delayMs, 'info');
    this.#setProblem(message);
    return delayMs;
  }

  #pullFailed(error: unknown): number {
    const delayMs = this.#backoff.next();
    this.#unreachable = true;
    if (error instanceof SnapshotPullError) {
      this.options.metrics.pullFailed(error.kind);
      this.#logFailure(`snapshot pull failed: ${error.message}`, delayMs, 'warn');
      this.#setProblem(error.message);
    } else {
      this.options.metrics.pullFailed('http-error');
      const message = error instanceof Error ? error.message : String(error);
      this.options.logger.error({ err: message, retryInMs: delayMs }, 'snapshot pull failed');
      this.#setProblem(message);
    }
    return delayMs;
  }

  #logFailure(message: string, delayMs: number, level: 'info' | 'warn'): void {
    const attempt = this.#backoff.attempts;
    const loud = message !== this.#lastLoggedFailure || attempt % LOUD_EVERY_ATTEMPTS === 0;
    this.#lastLoggedFailure = message;
    const fields = { url: this.options.client.url.href, attempt, retryInMs: delayMs };
    if (loud) this.options.logger[level](fields, message);
    else this.options.logger.debug(fields, message);
  }

  /** Any answer from the control plane ends an outage, whatever the answer says. */
  #reachable(): void {
    if (this.#unreachable) {
      this.options.logger.info(
        { url: this.options.client.url.href },
        'the control plane answers again',
      );
    }
    this.#unreachable = false;
  }

  /** The control plane has nothing newer than what is in force, or gave something good. */
  #healthy(): void {
    this.#backoff.reset();
    this.#lastLoggedFailure = undefined;
    this.#refusedEtag = undefined;
    this.#lastRefusedJws = undefined;
    this.#setProblem(undefined);
  }

  /** What is left of the minimum interval since the pull started. */
  #pollFloor(started: number): number {
    const floor = this.options.minPollIntervalMs ?? DEFAULT_MIN_POLL_INTERVAL_MS;
    return Math.max(0, floor - (Date.now() - started));
  }

  #setProblem(problem: string | undefined): void {
    if (problem === this.#problem) return;
    this.#problem = problem;
    this.options.onProblem?.(problem);
  }
}

function versionTag(version: number | undefined): string | undefined {
  return version === undefined ? undefined : String(version);
}
