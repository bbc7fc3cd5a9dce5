import { spawn } from 'node:child_process';
import { REPO_ROOT } from './repo-root.js';

export interface CommandResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunCommandOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Runs a command to completion with stdout and stderr kept apart (a CLI that prints its
 * secret on stdout and its chatter on stderr is read as such). It runs in its own process
 * group, killed as a whole when it outlives `timeoutMs`.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<CommandResult> {
  const child = spawn(command, [...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      reject(
        new Error(
          `${command} ${args.join(' ')} did not finish within ${timeoutMs} ms:\n${stdout}${stderr}`,
        ),
      );
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A TypeScript entry point of this repository run through tsx on the runner's Node. */
export function runTsEntry(
  entry: string,
  args: readonly string[],
  options: RunCommandOptions & { readonly tsconfig?: string } = {},
): Promise<CommandResult> {
  const env = {
    ...options.env,
    ...(options.tsconfig === undefined ? {} : { TSX_TSCONFIG_PATH: options.tsconfig }),
  };
  return runCommand(process.execPath, ['--import', 'tsx', entry, ...args], { ...options, env });
}

/** Throws with everything the command printed unless it exited 0. */
export function expectSuccess(what: string, result: CommandResult): CommandResult {
  if (result.code !== 0) {
    throw new Error(
      `${what} exited with code ${result.code} signal ${result.signal}:\n${result.stderr}${result.stdout}`,
    );
  }
  return result;
}
