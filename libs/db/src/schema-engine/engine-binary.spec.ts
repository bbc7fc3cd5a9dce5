// The engine executable as Prisma uses it: spawned by path, `cli` one-shots reporting on
// stderr, and JSON-RPC over stdio (including asking the CLI to print).
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { newTestDatabase, query } from '../../test/test-database.js';
import type { TestDatabase } from '../../test/test-database.js';
import { prismaEnvironment } from '../prisma-cli.js';
import { schemaEngineBinary } from '../paths.js';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runEngine(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(schemaEngineBinary, args, {
      env: prismaEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface LogLine {
  level: string;
  fields: { message: string; error_code?: string };
}

const datasourceArg = (url: string): string[] => ['--datasource', JSON.stringify({ url })];

describe('gatehouse-schema-engine executable', () => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('reports its version like the native engine', async () => {
    const run = await runEngine(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^schema-engine-cli [0-9a-f]{40} /);
  });

  it('answers cli can-connect-to-database with P1003 for a missing database, and creates it', async () => {
    database = newTestDatabase();
    const missing = await runEngine([
      ...datasourceArg(database.url),
      'cli',
      'can-connect-to-database',
    ]);
    expect(missing.code).toBe(1);
    // The CLI skips the first stderr line and parses the rest as JSON log lines.
    const lines = missing.stderr
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => JSON.parse(line) as LogLine);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        fields: expect.objectContaining({ error_code: 'P1003' }) as unknown,
      }),
    ]);

    expect((await runEngine([...datasourceArg(database.url), 'cli', 'create-database'])).code).toBe(
      0,
    );
    expect(
      (await runEngine([...datasourceArg(database.url), 'cli', 'can-connect-to-database'])).code,
    ).toBe(0);
  });

  it('serves JSON-RPC over stdio: diffs printed through the CLI, migration scripts run whole', async () => {
    database = newTestDatabase();
    expect((await runEngine([...datasourceArg(database.url), 'cli', 'create-database'])).code).toBe(
      0,
    );
    const schemaPath = fileURLToPath(new URL('../../../../prisma/schema.prisma', import.meta.url));
    const schema = await readFile(schemaPath, 'utf8');

    const child = spawn(
      schemaEngineBinary,
      ['--datamodels', schemaPath, ...datasourceArg(database.url)],
      {
        env: prismaEnvironment(),
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const messages: Record<string, unknown>[] = [];
    const printed: string[] = [];
    const waiters = new Map<number, (message: Record<string, unknown>) => void>();
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as Record<string, unknown>;
      messages.push(message);
      if (message['method'] === 'print') {
        printed.push((message['params'] as { content: string }).content);
        child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: message['id'], result: {} })}\n`);
      } else if (typeof message['id'] === 'number') {
        waiters.get(message['id'])?.(message);
      }
    });
    const call = (id: number, method: string, params: unknown): Promise<Record<string, unknown>> =>
      new Promise((resolve) => {
        waiters.set(id, resolve);
        child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
      });

    const version = await call(1, 'getDatabaseVersion', undefined);
    expect(version['result']).toMatch(/PostgreSQL/);

    const diff = await call(2, 'diff', {
      from: { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    expect(diff['result']).toEqual({ exitCode: 2, stdout: null });
    expect(printed.join('\n')).toContain('CREATE TABLE "tenants"');

    // adapter-pg alone would split this script on every ";" and run the pieces one by one.
    const script = [
      '-- a comment; with a semicolon',
      'CREATE TABLE "notes" ("id" integer PRIMARY KEY, "body" text NOT NULL DEFAULT \'a; b\');',
      'CREATE FUNCTION "note_count"() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM "notes"; $$;',
      'INSERT INTO "notes" ("id") VALUES (1);',
    ].join('\n');
    const migrationsList = (directories: { name: string; sql: string }[]) => ({
      baseDir: '/nonexistent',
      lockfile: { path: 'migration_lock.toml', content: 'provider = "postgresql"\n' },
      shadowDbInitScript: '',
      migrationDirectories: directories.map(({ name, sql }) => ({
        path: name,
        migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: sql } },
      })),
    });
    const filters = { externalTables: [], externalEnums: [] };
    const applied = await call(3, 'applyMigrations', {
      migrationsList: migrationsList([{ name: '20260101000000_notes', sql: script }]),
      filters,
    });
    expect(applied['result']).toEqual({ appliedMigrationNames: ['20260101000000_notes'] });
    expect(await query<{ body: string }>(database.url, 'SELECT body FROM notes')).toEqual([
      { body: 'a; b' },
    ]);

    // A failing script leaves nothing behind: it ran as one implicit transaction.
    const failing = await call(4, 'applyMigrations', {
      migrationsList: migrationsList([
        { name: '20260101000000_notes', sql: script },
        {
          name: '20260102000000_bad',
          sql: 'CREATE TABLE "half" ("id" integer);\nSELECT * FROM "missing";',
        },
      ]),
      filters,
    });
    expect(JSON.stringify(failing['error'])).toContain('missing');
    expect(await query(database.url, `SELECT 1 FROM pg_tables WHERE tablename = 'half'`)).toEqual(
      [],
    );

    const unknown = await call(5, 'getDatabaseDescription', {});
    expect(unknown['error']).toMatchObject({ data: { is_panic: false } });

    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.end();
    expect(await exited).toBe(0);
  });
});
