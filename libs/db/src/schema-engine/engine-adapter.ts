// The driver adapter the schema engine gets: `@prisma/adapter-pg`'s, with two changes.
//  - Scripts run whole. adapter-pg's `executeScript` splits on every ";", which breaks a
//    migration with a semicolon in a comment, a string or a function body, and runs the
//    pieces as separate transactions. The native engine sends the script as one
//    simple-protocol query (Postgres then runs it in one implicit transaction): so do we.
//  - Optional clean-up after dispose: the shadow database is dropped only once the pool
//    that uses it is closed.
import { DriverAdapterError } from '@prisma/driver-adapter-utils';
import type {
  ConnectionInfo,
  IsolationLevel,
  SqlDriverAdapter,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from '@prisma/driver-adapter-utils';
import type pg from 'pg';

interface PgDatabaseError {
  readonly code: string;
  readonly severity?: string;
  readonly message: string;
  readonly detail?: string;
  readonly column?: string;
  readonly hint?: string;
}

function isPgDatabaseError(error: unknown): error is PgDatabaseError {
  return error instanceof Error && typeof (error as Partial<PgDatabaseError>).code === 'string';
}

export class EngineAdapter implements SqlDriverAdapter {
  readonly provider: SqlDriverAdapter['provider'];
  readonly adapterName: string;
  #disposed = false;

  constructor(
    private readonly inner: SqlDriverAdapter,
    private readonly pool: pg.Pool,
    private readonly afterDispose: () => Promise<void> = async () => undefined,
  ) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.inner.queryRaw(query);
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.inner.executeRaw(query);
  }

  async executeScript(script: string): Promise<void> {
    try {
      // No parameters: pg uses the simple query protocol, which accepts many statements.
      await this.pool.query(script);
    } catch (error) {
      if (!isPgDatabaseError(error)) throw error;
      // The same error shape adapter-pg gives the engine for any other Postgres error.
      throw new DriverAdapterError({
        kind: 'postgres',
        code: error.code,
        severity: error.severity ?? 'ERROR',
        message: error.message,
        detail: error.detail,
        column: error.column,
        hint: error.hint,
      });
    }
  }

  startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    return this.inner.startTransaction(isolationLevel);
  }

  getConnectionInfo(): ConnectionInfo {
    return this.inner.getConnectionInfo?.() ?? { supportsRelationJoins: true };
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    try {
      await this.inner.dispose();
    } finally {
      await this.pool.end().catch(() => undefined);
      await this.afterDispose();
    }
  }
}
