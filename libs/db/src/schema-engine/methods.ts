// The JSON-RPC methods the Prisma CLI calls on its schema engine, mapped onto the Wasm
// engine. Method names and parameter shapes are the native engine's (they match the Wasm
// engine's TypeScript types). Three differences are bridged here:
//  - `diff` returns its output instead of asking the CLI to print it, so we ask the CLI;
//  - `getDatabaseVersion` is called `version` in Wasm;
//  - `createDatabase` does not exist in Wasm (it needs the server, not the database);
//  - `evaluateDataLoss` / `createMigration` only read the migrations' schema from a cache
//    that `devDiagnostic` fills, and `devDiagnostic` skips that when the database is
//    behind the migrations: we fill the cache ourselves (see withMigrationSchema).
import type {
  ApplyMigrationsInput,
  CreateDatabaseParams,
  CreateMigrationInput,
  DbExecuteParams,
  DevDiagnosticInput,
  DiagnoseMigrationHistoryInput,
  DiffParams,
  EnsureConnectionValidityParams,
  EvaluateDataLossInput,
  GetDatabaseVersionInput,
  IntrospectParams,
  IntrospectSqlParams,
  MarkMigrationAppliedInput,
  MarkMigrationRolledBackInput,
  ResetInput,
  SchemaPushInput,
} from '@prisma/schema-engine-wasm/schema_engine_bg';
import { createDatabase } from '../postgres/database-admin.js';
import { databaseUrlParts } from '../postgres/database-url.js';
import { DatasourceError } from './pg-adapter-factory.js';
import type { EngineDatasource } from './pg-adapter-factory.js';
import type { SchemaEngine } from './wasm-engine.js';

export interface MethodContext {
  readonly engine: SchemaEngine;
  readonly datasource: EngineDatasource;
  /** Asks the CLI to print `content` on its stdout (the native engine's `print` request). */
  readonly print: (content: string) => Promise<void>;
}

/** A method the CLI may call that this engine cannot serve. */
export class UnsupportedMethodError extends Error {
  constructor(method: string) {
    super(`The Gatehouse schema engine (Prisma's Wasm engine) does not support \`${method}\`.`);
    this.name = 'UnsupportedMethodError';
  }
}

export async function callMethod(
  context: MethodContext,
  method: string,
  params: unknown,
): Promise<unknown> {
  const { engine } = context;
  // Each call stays on `engine.` so the Wasm binding keeps its receiver.
  switch (method) {
    case 'applyMigrations':
      return engine.applyMigrations(params as ApplyMigrationsInput);
    case 'createMigration': {
      const input = params as CreateMigrationInput;
      return withMigrationSchema(context, input, () => engine.createMigration(input));
    }
    case 'dbExecute':
      return engine.dbExecute(params as DbExecuteParams);
    case 'devDiagnostic':
      return engine.devDiagnostic(params as DevDiagnosticInput);
    case 'diagnoseMigrationHistory':
      return engine.diagnoseMigrationHistory(params as DiagnoseMigrationHistoryInput);
    case 'ensureConnectionValidity':
      return engine.ensureConnectionValidity(params as EnsureConnectionValidityParams);
    case 'evaluateDataLoss': {
      const input = params as EvaluateDataLossInput;
      return withMigrationSchema(context, input, () => engine.evaluateDataLoss(input));
    }
    case 'introspect':
      return engine.introspect(params as IntrospectParams);
    case 'introspectSql':
      return engine.introspectSql(params as IntrospectSqlParams);
    case 'markMigrationApplied':
      return engine.markMigrationApplied(params as MarkMigrationAppliedInput);
    case 'markMigrationRolledBack':
      return engine.markMigrationRolledBack(params as MarkMigrationRolledBackInput);
    case 'reset':
      return engine.reset(params as ResetInput);
    case 'schemaPush':
      return engine.schemaPush(params as SchemaPushInput);
    case 'debugPanic':
      return engine.debugPanic();
    case 'getDatabaseVersion':
      return engine.version((params ?? null) as GetDatabaseVersionInput | null);
    case 'diff':
      return diff(context, params as DiffParams);
    case 'createDatabase':
      return createDatabaseFor(context, params as CreateDatabaseParams);
    default:
      throw new UnsupportedMethodError(method);
  }
}

/** The Wasm engine's error when its migrations-schema cache has no entry for the list. */
const shadowCacheMiss = 'shadow DB must be provided through an external factory';

/**
 * Runs `command`; if the engine has not yet computed the schema the migrations produce
 * (`migrate dev` right after applying pending migrations, e.g. after `--create-only`),
 * has `devDiagnostic` compute it on a shadow database, then runs `command` again.
 */
async function withMigrationSchema<T>(
  context: MethodContext,
  input: Pick<DevDiagnosticInput, 'migrationsList' | 'filters'>,
  command: () => Promise<T>,
): Promise<T> {
  try {
    return await command();
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes(shadowCacheMiss)) throw error;
    await context.engine.devDiagnostic({
      migrationsList: input.migrationsList,
      filters: input.filters,
    });
    return command();
  }
}

async function diff(context: MethodContext, params: DiffParams): Promise<unknown> {
  const { exitCode, stdout } = await context.engine.diff(params);
  // The CLI prints nothing of the result itself: without this, `migrate diff` would
  // succeed silently, the very failure this engine exists to avoid.
  if (stdout) await context.print(stdout.endsWith('\n') ? stdout.slice(0, -1) : stdout);
  return { exitCode, stdout: null };
}

async function createDatabaseFor(
  context: MethodContext,
  params: CreateDatabaseParams,
): Promise<unknown> {
  const source = params.datasource;
  // A `Schema` datasource names no URL in Prisma 7 (it lives in prisma.config.ts).
  const url = source.tag === 'ConnectionString' ? source.url : context.datasource.url;
  if (!url) throw new DatasourceError('P1012', 'No datasource URL to create a database from.');
  await createDatabase(url);
  return { databaseName: databaseUrlParts(url).database };
}
