// Prisma Client on `@prisma/adapter-pg` (Prisma 7 runs queries through a driver adapter
// and its Wasm query compiler: no native engine here either).
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.js';
import { databaseUrlParts, pgConnectionString } from './postgres/database-url.js';

export interface PrismaClientOptions {
  /** Pool size (pg's default is 10). */
  readonly maxConnections?: number;
}

export function createPrismaClient(
  databaseUrl: string,
  options: PrismaClientOptions = {},
): PrismaClient {
  const { schema } = databaseUrlParts(databaseUrl);
  const adapter = new PrismaPg(
    {
      connectionString: pgConnectionString(databaseUrl),
      ...(options.maxConnections === undefined ? {} : { max: options.maxConnections }),
    },
    { schema },
  );
  return new PrismaClient({ adapter });
}
