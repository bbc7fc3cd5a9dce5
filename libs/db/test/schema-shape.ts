// What a migrated database looks like, read from the catalogs, for comparing two
// databases (Prisma's deploy vs the SQL fallback) and checking the tables exist.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { query } from './test-database.js';

export interface SchemaShape {
  readonly tables: readonly string[];
  readonly columns: readonly unknown[];
  readonly indexes: readonly unknown[];
  readonly constraints: readonly unknown[];
  readonly enums: readonly unknown[];
}

export async function schemaShape(url: string): Promise<SchemaShape> {
  const tables = await query<{ table_name: string }>(
    url,
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  const columns = await query(
    url,
    `SELECT table_name, column_name, ordinal_position, data_type, udt_name, is_nullable, column_default,
            character_maximum_length, numeric_precision, datetime_precision
       FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
  const indexes = await query(
    url,
    `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY tablename, indexname`,
  );
  const constraints = await query(
    url,
    `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`,
  );
  const enums = await query(
    url,
    `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname ORDER BY t.typname`,
  );
  return { tables: tables.map((row) => row.table_name), columns, indexes, constraints, enums };
}

/** The table names schema.prisma declares (each model's `@@map`), sorted. */
export async function tablesDeclaredInSchema(): Promise<string[]> {
  const schema = await readFile(
    fileURLToPath(new URL('../../../prisma/schema.prisma', import.meta.url)),
    'utf8',
  );
  const models = schema.split(/^model /m).slice(1);
  return models
    .map((model) => /@@map\("([^"]+)"\)/.exec(model)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}
