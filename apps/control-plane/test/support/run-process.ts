import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));

export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a TypeScript entry point of the control plane as its own Node process, with tsx as a
 * loader (`node --import tsx`) rather than its CLI: the CLI sits between the signal and the app
 * and, on a busy machine, kills a child that is slow to acknowledge SIGTERM (exit 143).
 */
export function spawnEntry(
  entry: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): ChildProcess {
  const file = fileURLToPath(new URL(`../../src/${entry}`, import.meta.url));
  return spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    env: { PATH: process.env['PATH'], TSX_TSCONFIG_PATH: tsconfig, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function collect(child: ChildProcess): Promise<ProcessResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function runEntry(
  entry: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<ProcessResult> {
  return collect(spawnEntry(entry, args, env));
}
