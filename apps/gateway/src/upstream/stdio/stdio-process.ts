import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { Backoff } from './backoff.js';
import { BoundedTail } from './bounded-tail.js';
import { ChildOutputLog } from './child-output-log.js';
import { LineSplitter } from './line-splitter.js';
import { signalProcessTree, trackChild, useProcessGroups } from './process-group.js';

export type StdioProcessState = 'idle' | 'starting' | 'running' | 'backoff' | 'stopped';

export interface StdioRestartOptions {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Uptime after which a child counts as healthy and the backoff starts over. */
  resetAfterMs?: number;
}

export interface StdioProcessOptions {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  restart: StdioRestartOptions;
  stderrMaxBytes: number;
  logger: Logger;
  /** Longest stdout line accepted; longer ones are dropped with a log. */
  maxLineBytes?: number;
  /** Unwritten stdin bytes beyond which send() refuses, when the child stops reading. */
  maxPendingWriteBytes?: number;
}

export interface StdioExitInfo {
  /** Exit code; null when killed by a signal or never started. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (e.g. ENOENT). */
  error?: Error;
  /** Milliseconds between the child starting and exiting; null if it never started. */
  uptimeMs: number | null;
  stderrTail: string;
  willRestart: boolean;
  /** Delay before the restart; null when there will be none. */
  delayMs: number | null;
}

export interface StdioProcessEvents {
  /** Each JSON value read from stdout, unvalidated: the owner decides what is JSON-RPC. */
  message: [message: unknown];
  /** The child is up (first start and every restart); the owner re-handshakes here. */
  spawn: [pid: number];
  /** Once per child that went away, including one that never started. */
  exit: [info: StdioExitInfo];
}

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_PENDING_WRITE_BYTES = 64 * 1024 * 1024;
const DEFAULT_STOP_GRACE_MS = 5_000;
const MIN_RESET_AFTER_MS = 10_000;
/** Grandchildren in another group can hold our pipes open; don't wait for them forever. */
const CLOSE_AFTER_EXIT_MS = 2_000;
const STDERR_LINE_MAX_BYTES = 4_096;

/** One spawned child and what belongs to it alone. */
interface Incarnation {
  readonly child: ChildProcessWithoutNullStreams;
  readonly untrack: () => void;
  /** Per child, so a line cut short by one child's death never prefixes the next's. */
  readonly stdoutLines: LineSplitter;
  readonly stderrLines: LineSplitter;
  startedAt: number | null;
  /** Exited but pipes not yet closed: writes would only meet EPIPE. */
  exited: boolean;
  spawnError: Error | undefined;
  killTimer: NodeJS.Timeout | undefined;
  closeTimer: NodeJS.Timeout | undefined;
}

/**
 * A supervised child process speaking newline-delimited JSON over stdin/stdout. It
 * restarts the child with exponential backoff whenever it goes away unasked; the protocol
 * on top (the MCP handshake after each `spawn`) is the owner's business.
 */
export class StdioProcess extends EventEmitter<StdioProcessEvents> {
  readonly name: string;
  readonly #options: StdioProcessOptions;
  readonly #logger: Logger;
  readonly #backoff: Backoff;
  readonly #resetAfterMs: number;
  readonly #maxPendingWriteBytes: number;
  readonly #stderr: BoundedTail;
  readonly #maxLineBytes: number;
  readonly #outputLog: ChildOutputLog;
  #state: StdioProcessState = 'idle';
  #current: Incarnation | undefined;
  #restartTimer: NodeJS.Timeout | undefined;
  #restartCount = 0;
  /** Bumped per spawn and per stop, so a deferred spawn failure can tell it is stale. */
  #generation = 0;
  #stopping: Promise<void> | undefined;
  #resolveStopped: (() => void) | undefined;

  constructor(options: StdioProcessOptions) {
    super();
    this.name = options.name;
    this.#options = options;
    // Fields say `childPid`, not `pid`: pino's own `pid` (the gateway's) is already there.
    this.#logger = options.logger.child({ upstream: options.name });
    this.#outputLog = new ChildOutputLog(this.#logger);
    this.#backoff = new Backoff(options.restart);
    this.#resetAfterMs =
      options.restart.resetAfterMs ??
      Math.max(MIN_RESET_AFTER_MS, 20 * options.restart.initialDelayMs);
    this.#maxPendingWriteBytes = options.maxPendingWriteBytes ?? DEFAULT_MAX_PENDING_WRITE_BYTES;
    this.#stderr = new BoundedTail(options.stderrMaxBytes);
    this.#maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  }

  get state(): StdioProcessState {
    return this.#state;
  }

  get pid(): number | undefined {
    return this.#current?.child.pid;
  }

  /** Spawns after the first, i.e. how often supervision brought the child back. */
  get restartCount(): number {
    return this.#restartCount;
  }

  /** The last `stderrMaxBytes` bytes of the current (or last) child's stderr. */
  stderrTail(): string {
    return this.#stderr.toString();
  }

  /**
   * Starts the child and supervises it until stop(). A no-op while already started;
   * allowed again once a stop() has completed. Spawn failures are not thrown: they are
   * reported as an `exit` with `error` and retried like a crash.
   */
  start(): void {
    if (this.#state !== 'idle' && this.#state !== 'stopped') return;
    if (this.#current !== undefined) {
      throw new Error(`stdio upstream ${this.name}: start() while stop() is still in progress`);
    }
    this.#stopping = undefined;
    this.#resolveStopped = undefined;
    this.#backoff.reset();
    this.#spawn();
  }

  /**
   * Writes one message as a JSON line. Returns false, without throwing, when it cannot be
   * delivered: not running, stdin closed, the child not reading, or not serialisable.
   */
  send(message: object): boolean {
    const current = this.#current;
    if (this.#state !== 'running' || current === undefined || current.exited) return false;
    const stdin = current.child.stdin;
    if (!stdin.writable) return false;
    if (stdin.writableLength > this.#maxPendingWriteBytes) {
      this.#outputLog.stdinBacklog(stdin.writableLength);
      return false;
    }
    let line: string | undefined;
    try {
      line = JSON.stringify(message);
    } catch (err) {
      this.#logger.error({ err }, 'message for stdio upstream is not serialisable');
      return false;
    }
    // A toJSON() returning undefined makes stringify return undefined despite its type.
    if (line === undefined) return false;
    // Node queues past the high-water mark; the check above bounds that queue.
    stdin.write(`${line}\n`);
    return true;
  }

  /**
   * Stops supervising and ends the child: stdin closed, SIGTERM, then SIGKILL after
   * `graceMs`. Resolves once it has exited. Calling again returns the same promise.
   */
  stop(graceMs: number = DEFAULT_STOP_GRACE_MS): Promise<void> {
    if (this.#stopping !== undefined) return this.#stopping;
    clearTimeout(this.#restartTimer);
    this.#restartTimer = undefined;
    this.#generation++;
    this.#state = 'stopped';
    const current = this.#current;
    if (current === undefined) {
      this.#stopping = Promise.resolve();
      return this.#stopping;
    }
    this.#stopping = new Promise<void>((resolve) => {
      this.#resolveStopped = resolve;
    });
    this.#logger.info({ childPid: current.child.pid, graceMs }, 'stopping stdio upstream');
    current.child.stdin.end();
    signalProcessTree(current.child, 'SIGTERM');
    current.killTimer = setTimeout(() => {
      this.#logger.warn(
        { childPid: current.child.pid, graceMs },
        'stdio upstream ignored SIGTERM; killing',
      );
      signalProcessTree(current.child, 'SIGKILL');
    }, graceMs);
    return this.#stopping;
  }

  #spawn(): void {
    this.#state = 'starting';
    this.#stderr.clear();
    const generation = ++this.#generation;
    const { command, args, cwd, env } = this.#options;
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(command, args, {
        cwd,
        env: { ...process.env, ...env },
        stdio: 'pipe',
        detached: useProcessGroups,
        windowsHide: true,
      });
    } catch (err) {
      // Invalid arguments throw synchronously; report them like any other failed start,
      // but not from inside start() so listeners always run on a later tick.
      const error = err instanceof Error ? err : new Error(String(err));
      setImmediate(() => {
        if (generation !== this.#generation) return;
        this.#onGone(undefined, { code: null, signal: null, error });
      });
      return;
    }
    const incarnation: Incarnation = {
      child,
      untrack: trackChild(child),
      stdoutLines: new LineSplitter({
        maxLineBytes: this.#maxLineBytes,
        onLine: (line) => this.#onStdoutLine(line),
        onOversize: (head) => this.#outputLog.oversizedLine(head, this.#maxLineBytes),
      }),
      stderrLines: new LineSplitter({
        maxLineBytes: STDERR_LINE_MAX_BYTES,
        onLine: (line) => this.#outputLog.stderrLine(line),
        onOversize: (head) => this.#outputLog.stderrLine(head),
      }),
      startedAt: null,
      exited: false,
      spawnError: undefined,
      killTimer: undefined,
      closeTimer: undefined,
    };
    this.#current = incarnation;
    this.#wire(incarnation);
  }

  #wire(incarnation: Incarnation): void {
    const { child, stdoutLines, stderrLines } = incarnation;
    child.once('spawn', () => {
      incarnation.startedAt = performance.now();
      // stop() may have come first; then the owner must not start talking to it.
      if (this.#state !== 'starting') return;
      this.#state = 'running';
      this.#logger.info(
        { childPid: child.pid, restartCount: this.#restartCount },
        'stdio upstream started',
      );
      const pid = child.pid;
      if (pid !== undefined) this.#notify('spawn', () => this.emit('spawn', pid));
    });
    child.on('error', (err) => {
      if (incarnation.startedAt === null && child.pid === undefined) {
        incarnation.spawnError = err;
      } else {
        this.#logger.debug({ err }, 'stdio upstream process error');
      }
    });
    child.once('exit', () => {
      incarnation.exited = true;
      // Reap anything it left behind in its group, then give its pipes a bounded time
      // to drain before forcing 'close'.
      if (useProcessGroups) signalProcessTree(child, 'SIGKILL');
      incarnation.closeTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        child.stdin.destroy();
      }, CLOSE_AFTER_EXIT_MS);
      incarnation.closeTimer.unref();
    });
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      this.#onGone(incarnation, { code, signal, error: incarnation.spawnError });
    });
    // A child that died mid-write gives EPIPE here; its exit is handled above.
    child.stdin.on('error', (err) => this.#logger.debug({ err }, 'stdio upstream stdin error'));
    child.stdout.on('error', (err) => this.#logger.debug({ err }, 'stdio upstream stdout error'));
    child.stderr.on('error', (err) => this.#logger.debug({ err }, 'stdio upstream stderr error'));
    child.stdout.on('data', (chunk: Buffer) => stdoutLines.push(chunk));
    child.stdout.on('end', () => stdoutLines.end());
    child.stderr.on('data', (chunk: Buffer) => {
      this.#stderr.append(chunk);
      if (this.#logger.isLevelEnabled('debug')) stderrLines.push(chunk);
    });
    child.stderr.on('end', () => stderrLines.end());
  }

  #onGone(
    incarnation: Incarnation | undefined,
    outcome: { code: number | null; signal: NodeJS.Signals | null; error: Error | undefined },
  ): void {
    if (incarnation !== undefined) {
      if (this.#current !== incarnation) return;
      this.#current = undefined;
      clearTimeout(incarnation.killTimer);
      clearTimeout(incarnation.closeTimer);
      incarnation.untrack();
    }
    const startedAt = incarnation?.startedAt ?? null;
    const uptimeMs = startedAt === null ? null : Math.round(performance.now() - startedAt);
    const { error, signal } = outcome;
    // Node reports a failed spawn as a negative errno "code"; that is not an exit code.
    const code = error === undefined ? outcome.code : null;
    const stderrTail = this.#stderr.toString();
    this.#outputLog.flushSuppressed();
    const pid = incarnation?.child.pid;
    const exit = { code, signal, error, uptimeMs, stderrTail };

    if (this.#stopping !== undefined) {
      this.#state = 'stopped';
      this.#logger.info({ childPid: pid, code, signal }, 'stdio upstream stopped');
      // Resolved first: an exit listener may start() again, which forgets this promise.
      this.#resolveStopped?.();
      const info: StdioExitInfo = { ...exit, willRestart: false, delayMs: null };
      this.#notify('exit', () => this.emit('exit', info));
      return;
    }

    if (uptimeMs !== null && uptimeMs >= this.#resetAfterMs) this.#backoff.reset();
    const delayMs = this.#backoff.next();
    this.#state = 'backoff';
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = undefined;
      this.#restartCount++;
      this.#spawn();
    }, delayMs);
    this.#logger.warn(
      {
        childPid: pid,
        code,
        signal,
        err: error,
        uptimeMs,
        delayMs,
        restartCount: this.#restartCount,
        stderrTail,
      },
      error === undefined
        ? 'stdio upstream exited; restarting'
        : 'stdio upstream failed to start; retrying',
    );
    const info: StdioExitInfo = { ...exit, willRestart: true, delayMs };
    this.#notify('exit', () => this.emit('exit', info));
  }

  #onStdoutLine(line: Buffer): void {
    const text = line.toString('utf8').trim();
    if (text.length === 0) return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.#outputLog.nonJsonLine(text);
      return;
    }
    this.#notify('message', () => this.emit('message', message));
  }

  /** A throwing listener must not break the stream handler (or supervision) that called it. */
  #notify(event: keyof StdioProcessEvents, emit: () => void): void {
    try {
      emit();
    } catch (err) {
      this.#logger.error({ err, event }, 'stdio upstream listener threw');
    }
  }
}
