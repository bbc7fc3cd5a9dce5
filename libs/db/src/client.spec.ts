import { afterEach, describe, expect, it } from 'vitest';
import { newTestDatabase } from '../test/test-database.js';
import type { TestDatabase } from '../test/test-database.js';
import { createPrismaClient } from './client.js';
import { applySqlMigrations } from './fallback/apply-sql-migrations.js';
import { Prisma } from './generated/prisma/client.js';
import type { PrismaClient } from './generated/prisma/client.js';
import { migrationsDirectory } from './paths.js';
import { createDatabase } from './postgres/database-admin.js';

describe('Prisma Client on @prisma/adapter-pg', () => {
  let database: TestDatabase | undefined;
  let prisma: PrismaClient | undefined;
  afterEach(async () => {
    await prisma?.$disconnect();
    await database?.drop();
    prisma = undefined;
    database = undefined;
  });

  it('inserts and queries a tenant with its clients, and enforces the constraints', async () => {
    database = newTestDatabase();
    await createDatabase(database.url);
    // The SQL fallback is the fastest way to a migrated database; both paths are equivalent.
    await applySqlMigrations(database.url, migrationsDirectory);
    prisma = createPrismaClient(database.url);

    const tenant = await prisma.tenant.create({
      data: {
        name: 'acme',
        displayName: 'Acme Corp',
        clients: { create: [{ name: 'ci-bot' }, { name: 'ide' }] },
        budget: { create: { requestsPerMinute: 600 } },
      },
    });
    expect(tenant.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(tenant.enabled).toBe(true);

    const found = await prisma.tenant.findUnique({
      where: { name: 'acme' },
      include: { clients: { orderBy: { name: 'asc' } }, budget: true },
    });
    expect(found?.displayName).toBe('Acme Corp');
    expect(found?.clients.map((client) => client.name)).toEqual(['ci-bot', 'ide']);
    expect(found?.budget?.requestsPerMinute).toBe(600);

    const duplicate = prisma.tenant.create({ data: { name: 'acme', displayName: 'Again' } });
    await expect(duplicate).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    await expect(
      prisma.tenant.create({ data: { name: 'acme', displayName: 'Again' } }),
    ).rejects.toMatchObject({
      code: 'P2002',
    });

    // Shared upstreams (no tenant) have unique names too: the index is NULLS NOT DISTINCT.
    const shared = {
      name: 'github',
      transport: 'streamable_http',
      url: 'https://mcp.example/github',
    } as const;
    await prisma.upstream.create({ data: shared });
    await expect(prisma.upstream.create({ data: shared })).rejects.toMatchObject({ code: 'P2002' });
    await prisma.upstream.create({ data: { ...shared, tenantId: tenant.id } });

    await prisma.tenant.delete({ where: { id: tenant.id } });
    expect(await prisma.upstream.count()).toBe(1);
    expect(await prisma.client.count()).toBe(0);
  });
});
