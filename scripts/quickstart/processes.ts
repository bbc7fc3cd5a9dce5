// The quick start's children: long-running services (each in its own process group, so
// stopping one also stops what it spawned, e.g. a node's stdio upstreams) and one-shot
// commands (the control plane's bootstrap CLIs).
import { spawn, type ChildProcess } from 'node:child_process';

export interface Service {
  readonly name: string;
  readonly child: ChildProcess;
}

const services: Service[] = [];
let stopping = false;

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

process.once('exit', () => {
  for (const service of services) signalGroup(service.child, 'SIGKILL');
});

/** Starts a long-running child; if it dies on its own, everything is stopped. */
export function startService(
  name: string,
  command: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv },
): Service {
  const child = spawn(command, [...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  const service = { name, child };
  services.push(service);
  child.on('error', (error) => {
    process.stderr.write(`quickstart: could not start the ${name}: ${error.message}\n`);
    void stopAll(1);
  });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    process.stderr.write(
      `quickstart: the ${name} exited (${signal ?? `code ${String(code)}`}); stopping everything\n`,
    );
    void stopAll(1);
  });
  return service;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM to every service, newest first (the node before the control plane), then exit. */
export async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const service of [...services].reverse()) {
      signalGroup(service.child, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(service.child, 'SIGKILL'), 10_000);
      await exited(service.child);
      clearTimeout(timer);
    }
  }
  process.exit(code);
}

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a one-shot command to its end, capturing its output. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Polls `url` until it answers 200; fails early when `service` exits. */
/** Waits for 200 from `url`; with `anyAnswer`, any HTTP answer will do (a server that is up). */
export async function waitForOk(
  url: string,
  timeoutMs: number,
  service?: Service,
  anyAnswer = false,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (
      service !== undefined &&
      (service.child.exitCode !== null || service.child.signalCode !== null)
    )
      throw new Error(`the ${service.name} exited before ${url} answered 200`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200 || anyAnswer) return;
      last = `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s (last: ${last})`);
}
