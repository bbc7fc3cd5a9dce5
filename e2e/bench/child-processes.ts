// The benchmark's child processes: spawned through one registry so that every one of them is
// killed at the end, on error, and on SIGINT/SIGTERM. Output is drained (a child logging every
// request must never block on a full pipe) and the last lines are kept for error messages.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

const TAIL_LINES = 40;
const KILL_GRACE_MS = 2_000;

export interface Child {
  name: string;
  process: ChildProcess;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<string>;
  hasExited(): boolean;
  /** The last lines the child wrote to stdout and stderr. */
  tail(): string;
  /** Resolves with the first output line matching `pattern`; rejects on exit or timeout. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
}

export interface SpawnSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Discard stdout (a child that logs every request); stderr is still kept. */
  discardStdout?: boolean;
}

export class ChildRegistry {
  readonly #children: Child[] = [];

  spawn(spec: SpawnSpec): Child {
    const proc = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: ['ignore', spec.discardStdout === true ? 'ignore' : 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    const watchers = new Set<(line: string) => void>();
    let exitedFlag = false;
    const exited = new Promise<string>((resolve) => {
      proc.once('exit', (code, signal) => {
        exitedFlag = true;
        resolve(signal ?? String(code));
      });
      proc.once('error', (err) => {
        exitedFlag = true;
        lines.push(`spawn error: ${err.message}`);
        resolve('spawn-error');
      });
    });
    const onData = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line === '') continue;
        lines.push(line);
        if (lines.length > TAIL_LINES) lines.shift();
        for (const watcher of watchers) watcher(line);
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);

    const child: Child = {
      name: spec.name,
      process: proc,
      exited,
      hasExited: () => exitedFlag,
      tail: () => lines.join('\n'),
      waitForLine: (pattern, timeoutMs) =>
        new Promise<RegExpMatchArray>((resolve, reject) => {
          const timer = setTimeout(() => {
            done();
            reject(new Error(`${spec.name}: no output matching ${pattern} within ${timeoutMs} ms`));
          }, timeoutMs);
          const watcher = (line: string): void => {
            const match = pattern.exec(line);
            if (match) {
              done();
              resolve(match);
            }
          };
          const done = (): void => {
            clearTimeout(timer);
            watchers.delete(watcher);
          };
          for (const line of lines) {
            const match = pattern.exec(line);
            if (match) {
              clearTimeout(timer);
              resolve(match);
              return;
            }
          }
          watchers.add(watcher);
          void exited.then((code) => {
            done();
            reject(new Error(`${spec.name} exited (${code}) before printing ${pattern}`));
          });
        }),
    };
    this.#children.push(child);
    return child;
  }

  /** SIGTERM to every live child, SIGKILL to those still alive after a grace period. */
  async killAll(): Promise<void> {
    const live = this.#children.filter((child) => !child.hasExited());
    for (const child of live) child.process.kill('SIGTERM');
    await Promise.all(
      live.map(async (child) => {
        const timer = setTimeout(() => child.process.kill('SIGKILL'), KILL_GRACE_MS);
        await child.exited;
        clearTimeout(timer);
      }),
    );
  }

  /** Last resort from a synchronous 'exit' handler: nothing can be awaited there. */
  killAllNow(): void {
    for (const child of this.#children) {
      if (!child.hasExited()) child.process.kill('SIGKILL');
    }
  }
}
