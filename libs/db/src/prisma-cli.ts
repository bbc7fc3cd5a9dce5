// Runs the Prisma CLI as a child process with our schema engine, under the same Node as
// the caller. The engine is a `#!/usr/bin/env node` script that Prisma spawns directly,
// so this Node's directory goes first on PATH: the engine then runs on it too, even where
// the system's `node` is older.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { delimiter, dirname } from 'node:path';
import { schemaEngineBinary, workspaceRoot } from './paths.js';

export interface PrismaCliOptions {
  /** Sets DATABASE_URL for prisma.config.ts; the caller's environment otherwise. */
  readonly databaseUrl?: string;
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** Kill the CLI after this long (default 5 minutes: a migration may be long; 0 = never). */
  readonly timeoutMs?: number;
  /** Give the CLI our stdin/stdout/stderr (interactive commands such as `migrate dev`). */
  readonly inheritStdio?: boolean;
}

export interface PrismaCliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

function prismaCliEntry(): string {
  return createRequire(import.meta.url).resolve('prisma/build/index.js');
}

export function prismaEnvironment(options: PrismaCliOptions = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: schemaEngineBinary,
    PATH: [dirname(process.execPath), process.env['PATH'] ?? ''].join(delimiter),
    // No update check, no telemetry: neither can reach its host offline, and both slow us.
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
    ...options.env,
  };
  if (options.databaseUrl !== undefined) env['DATABASE_URL'] = options.databaseUrl;
  return env;
}

export function runPrismaCli(
  args: readonly string[],
  options: PrismaCliOptions = {},
): Promise<PrismaCliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCliEntry(), ...args], {
      cwd: workspaceRoot,
      env: prismaEnvironment(options),
      // Without a terminal on stdin Prisma runs non-interactively (refusing to prompt).
      stdio: options.inheritStdio ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timeoutMs = options.timeoutMs ?? 300_000;
    const timer = timeoutMs > 0 ? setTimeout(() => child.kill('SIGTERM'), timeoutMs) : undefined;
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}
