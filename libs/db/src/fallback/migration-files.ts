// The committed migrations as Prisma sees them: every directory under prisma/migrations
// holding a migration.sql, in name order (names start with a UTC timestamp).
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface MigrationFile {
  /** The directory name, e.g. `20261125085900_init`: Prisma's `migration_name`. */
  readonly name: string;
  readonly sql: string;
  /** SHA-256 (hex) of the file's bytes: the checksum Prisma stores and compares. */
  readonly checksum: string;
}

export async function readMigrationFiles(directory: string): Promise<MigrationFile[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrations: MigrationFile[] = [];
  for (const name of names) {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(directory, name, 'migration.sql'));
    } catch {
      continue; // Prisma ignores a directory without migration.sql the same way.
    }
    migrations.push({
      name,
      sql: bytes.toString('utf8'),
      checksum: createHash('sha256').update(bytes).digest('hex'),
    });
  }
  return migrations;
}
