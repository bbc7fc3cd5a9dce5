// The driver-adapter factory the Wasm schema engine runs on: `@prisma/adapter-pg` for the
// main database, and a shadow database we create and drop ourselves. adapter-pg's own
// `connectToShadowDb()` cannot be used (TOOLCHAIN.md, trap 3): given a connection string it
// reuses the *main* database as the shadow (the connection string overrides `database`),
// and it drops the shadow before closing the pool that still uses it.
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { createDatabase, dropDatabase, withClient } from '../postgres/database-admin.js';
import {
  databaseUrlParts,
  pgConnectionString,
  quoteIdentifier,
  withDatabase,
} from '../postgres/database-url.js';
import { EngineAdapter } from './engine-adapter.js';

/** The datasource the Prisma CLI hands the engine (`--datasource`, from prisma.config.ts). */
export interface EngineDatasource {
  readonly url?: string;
  readonly shadowDatabaseUrl?: string;
}

/** A configuration error the CLI should show as-is (a Prisma error code and a message). */
export class DatasourceError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'DatasourceError';
  }
}

export class GatehousePgAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName: string;
  /** Shadow databases created and not yet dropped, so an interrupted run can clean up. */
  readonly #liveShadowUrls = new Set<string>();

  constructor(private readonly datasource: EngineDatasource) {
    this.adapterName = new PrismaPg({}).adapterName;
  }

  connect(): Promise<SqlDriverAdapter> {
    return this.#adapterFor(this.#mainUrl());
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const configured = this.datasource.shadowDatabaseUrl;
    if (configured) {
      // A configured shadow database is the operator's (often because the role may not
      // CREATE DATABASE): empty its schema instead of dropping it, as Prisma's engine does.
      const { schema } = databaseUrlParts(configured);
      await withClient(configured, async (client) => {
        await client.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
        await client.query(`CREATE SCHEMA ${quoteIdentifier(schema)}`);
      });
      return this.#adapterFor(configured);
    }
    const mainUrl = this.#mainUrl();
    const shadowUrl = withDatabase(mainUrl, `prisma_shadow_${randomUUID().replaceAll('-', '')}`);
    await createDatabase(shadowUrl);
    this.#liveShadowUrls.add(shadowUrl);
    return this.#adapterFor(shadowUrl, async () => {
      this.#liveShadowUrls.delete(shadowUrl);
      await dropDatabase(shadowUrl);
    });
  }

  /** Drops shadow databases the engine did not dispose of (the process is going away). */
  async dropLeftoverShadowDatabases(): Promise<void> {
    const urls = [...this.#liveShadowUrls];
    this.#liveShadowUrls.clear();
    await Promise.allSettled(urls.map((url) => dropDatabase(url)));
  }

  #mainUrl(): string {
    const url = this.datasource.url;
    if (!url) {
      throw new DatasourceError(
        'P1012',
        'No datasource URL: set `datasource.url` in prisma.config.ts (Gatehouse reads DATABASE_URL).',
      );
    }
    return url;
  }

  async #adapterFor(url: string, afterDispose?: () => Promise<void>): Promise<SqlDriverAdapter> {
    const { schema } = databaseUrlParts(url);
    // Our own pool (adapter-pg takes an external one), so scripts can run on it whole.
    const pool = new pg.Pool({ connectionString: pgConnectionString(url) });
    pool.on('error', () => undefined);
    const adapter = await new PrismaPg(pool, { schema }).connect();
    return new EngineAdapter(adapter, pool, afterDispose);
  }
}
