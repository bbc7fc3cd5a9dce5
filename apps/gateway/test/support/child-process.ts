import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

const TAIL_BYTES = 8_192;

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** If the test worker exits before a spec's teardown ran (a hook timeout), its children go too. */
function track(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const tracked of live) tracked.kill('SIGKILL');
    });
  }
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/** A child process of a spec: its recent output for failure messages, and a stop that waits for exit. */
export class ManagedChild {
  private output = '';
  private exited = false;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-TAIL_BYTES);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => {
      this.exited = true;
    });
  }

  static start(
    name: string,
    command: string,
    args: readonly string[],
    env: Record<string, string> = {},
  ): ManagedChild {
    const child = spawn(command, [...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    track(child);
    return new ManagedChild(name, child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exited || this.child.exitCode !== null || this.child.signalCode !== null;
  }

  tail(): string {
    return this.output;
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  async stop(graceMs = 3_000): Promise<void> {
    if (this.hasExited) return;
    const exit = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      await exit;
    } finally {
      clearTimeout(timer);
    }
  }
}
