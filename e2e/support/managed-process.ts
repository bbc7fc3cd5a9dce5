import { spawn, type ChildProcess } from 'node:child_process';
import { delay, withTimeout } from './deadline.js';
import { OutputTail } from './output-tail.js';

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (e.g. ENOENT). */
  readonly spawnError?: string;
}

export interface StartProcessOptions {
  /** A label for messages: "gateway", "conformance tools-list", … */
  readonly name: string;
  readonly command: string;
  readonly args?: readonly string[];
  readonly cwd?: string;
  /** Added over the runner's own environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly maxOutputChars?: number;
  /** Mirror the child's output on the runner's stderr, prefixed with the name. */
  readonly echo?: boolean;
}

const DEFAULT_GRACE_MS = 5_000;
const SWEEP_MS = 2_000;

// Children still running, killed outright if the runner exits without stopping them.
const running = new Set<ManagedProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.signalGroup('SIGKILL');
  });
}

/**
 * A child process in its own process group, so stopping it also stops whatever it spawned
 * (npx → sh → tsx → node chains don't forward signals reliably), with its combined output
 * kept as a bounded tail for failure messages.
 */
export class ManagedProcess {
  readonly name: string;
  readonly exited: Promise<ProcessExit>;
  readonly #child: ChildProcess;
  readonly #output: OutputTail;
  readonly #lineListeners = new Set<(line: string) => void>();
  #partialLine = '';
  #exit: ProcessExit | undefined;

  private constructor(options: StartProcessOptions) {
    this.name = options.name;
    this.#output = new OutputTail(options.maxOutputChars);
    this.#child = spawn(options.command, [...(options.args ?? [])], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      if (options.echo === true) process.stderr.write(`[${this.name}] ${text}`);
      this.#onText(text);
    };
    this.#child.stdout?.on('data', onData);
    this.#child.stderr?.on('data', onData);
    this.exited = new Promise((resolve) => {
      const settle = (exit: ProcessExit): void => {
        if (this.#exit !== undefined) return;
        this.#exit = exit;
        running.delete(this);
        resolve(exit);
      };
      this.#child.once('exit', (code, signal) => settle({ code, signal }));
      this.#child.once('error', (error) =>
        settle({ code: null, signal: null, spawnError: error.message }),
      );
    });
    running.add(this);
    installExitHook();
  }

  static start(options: StartProcessOptions): ManagedProcess {
    return new ManagedProcess(options);
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get exit(): ProcessExit | undefined {
    return this.#exit;
  }

  /** The last part of stdout and stderr, interleaved as received. */
  get output(): string {
    return this.#output.toString();
  }

  describe(): string {
    const exit = this.#exit;
    const state =
      exit === undefined
        ? 'still running'
        : (exit.spawnError ?? `exited with code ${exit.code} signal ${exit.signal}`);
    return `${this.name} (${state}); output:\n${this.output}`;
  }

  /** Resolves with the first output line matching `pattern`, seen before or after the call. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
    const seen = this.output.split('\n').find((line) => pattern.test(line));
    if (seen !== undefined) return Promise.resolve(seen);
    let listener: ((line: string) => void) | undefined;
    const found = new Promise<string>((resolve, reject) => {
      listener = (line) => {
        if (pattern.test(line)) resolve(line);
      };
      this.#lineListeners.add(listener);
      void this.exited.then(() =>
        reject(new Error(`${pattern} never appeared: ${this.describe()}`)),
      );
    });
    return withTimeout(found, timeoutMs, `${this.name} to print ${pattern}`)
      .catch((error: unknown) => {
        throw error instanceof Error && error.message.startsWith('timed out')
          ? new Error(`${error.message}: ${this.describe()}`)
          : error;
      })
      .finally(() => {
        if (listener !== undefined) this.#lineListeners.delete(listener);
      });
  }

  /** Polls `url` until it answers 200; fails early if the process exits meanwhile. */
  async waitForHttpOk(url: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (this.#exit !== undefined) {
        throw new Error(`${url} never answered 200 (${last}): ${this.describe()}`);
      }
      try {
        const response = await fetch(url, {
          signal: AbortSignal.timeout(Math.max(100, Math.min(2_000, deadline - Date.now()))),
        });
        await response.body?.cancel();
        if (response.status === 200) return;
        last = `HTTP ${response.status}`;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await delay(100);
    }
    throw new Error(
      `timed out after ${timeoutMs} ms waiting for ${url} (${last}): ${this.describe()}`,
    );
  }

  async waitForExit(timeoutMs: number): Promise<ProcessExit> {
    return withTimeout(this.exited, timeoutMs, `${this.name} to exit`);
  }

  /** SIGTERM to the group, SIGKILL after `graceMs`; then sweeps anything left in the group. */
  async stop(graceMs = DEFAULT_GRACE_MS): Promise<ProcessExit> {
    if (this.#exit === undefined) {
      this.signalGroup('SIGTERM');
      const exited = await Promise.race([this.exited, delay(graceMs).then(() => undefined)]);
      if (exited === undefined) {
        this.signalGroup('SIGKILL');
        await Promise.race([this.exited, delay(SWEEP_MS)]);
      }
    }
    const sweepUntil = Date.now() + SWEEP_MS;
    while (this.#groupAlive() && Date.now() < sweepUntil) await delay(50);
    if (this.#groupAlive()) this.signalGroup('SIGKILL');
    running.delete(this);
    return this.#exit ?? { code: null, signal: 'SIGKILL' };
  }

  /** Signals the whole process group; a group already gone is not an error. */
  signalGroup(signal: NodeJS.Signals): void {
    const pid = this.#child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // ESRCH: nothing left to signal.
    }
  }

  #groupAlive(): boolean {
    const pid = this.#child.pid;
    if (pid === undefined) return false;
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  #onText(text: string): void {
    this.#output.append(text);
    const lines = (this.#partialLine + text).split('\n');
    this.#partialLine = lines.pop() ?? '';
    for (const line of lines) {
      for (const listener of this.#lineListeners) listener(line);
    }
  }
}
