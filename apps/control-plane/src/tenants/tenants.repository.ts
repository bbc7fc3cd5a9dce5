import { Inject, Injectable } from '@nestjs/common';
import type { Tenant } from '@gatehouse/db';
import type { CreateTenantBody, TenantResource, UpdateTenantBody } from '@gatehouse/contracts';
import { DatabaseService } from '../database/database.service.js';
import type { DbClient } from '../database/database.service.js';
import { withConstraintMessages } from '../database/prisma-errors.js';

function toResource(row: Tenant): TenantResource {
  return {
    id: row.id,
    name: row.name,
    displayName: row.displayName,
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

@Injectable()
export class TenantsRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  /** In id order (UUIDv7: creation order), after `afterId` when given. */
  async list(options: {
    readonly afterId?: string;
    readonly take: number;
  }): Promise<TenantResource[]> {
    const rows = await this.database.client.tenant.findMany({
      where: options.afterId === undefined ? {} : { id: { gt: options.afterId } },
      orderBy: { id: 'asc' },
      take: options.take,
    });
    return rows.map(toResource);
  }

  async findById(
    id: string,
    db: DbClient = this.database.client,
  ): Promise<TenantResource | undefined> {
    const row = await db.tenant.findUnique({ where: { id } });
    return row ? toResource(row) : undefined;
  }

  /**
   * Reads the tenant and locks its row until the transaction ends, so that the "before"
   * recorded in config history is what this change actually replaced.
   */
  async findByIdForUpdate(tx: DbClient, id: string): Promise<TenantResource | undefined> {
    await tx.$queryRaw`SELECT 1 FROM tenants WHERE id = ${id}::uuid FOR UPDATE`;
    return this.findById(id, tx);
  }

  async create(tx: DbClient, body: CreateTenantBody): Promise<TenantResource> {
    const row = await withConstraintMessages(tx.tenant.create({ data: body }), {
      conflict: `A tenant named "${body.name}" already exists; tenant names are unique.`,
    });
    return toResource(row);
  }

  async update(tx: DbClient, id: string, patch: UpdateTenantBody): Promise<TenantResource> {
    const row = await withConstraintMessages(tx.tenant.update({ where: { id }, data: patch }), {
      notFound: `No tenant with id ${id}.`,
    });
    return toResource(row);
  }

  async delete(tx: DbClient, id: string): Promise<void> {
    await withConstraintMessages(tx.tenant.delete({ where: { id } }), {
      notFound: `No tenant with id ${id}.`,
    });
  }
}
