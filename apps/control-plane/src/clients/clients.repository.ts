import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@gatehouse/db';
import type { ClientResource, CreateClientBody, UpdateClientBody } from '@gatehouse/contracts';
import { DatabaseService } from '../database/database.service.js';
import type { DbClient } from '../database/database.service.js';
import { withConstraintMessages } from '../database/prisma-errors.js';

function toResource(row: Client): ClientResource {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    description: row.description,
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

@Injectable()
export class ClientsRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  /** A tenant's clients in id order (creation order), after `afterId` when given. */
  async list(
    tenantId: string,
    options: { readonly afterId?: string; readonly take: number },
  ): Promise<ClientResource[]> {
    const rows = await this.database.client.client.findMany({
      where: {
        tenantId,
        ...(options.afterId === undefined ? {} : { id: { gt: options.afterId } }),
      },
      orderBy: { id: 'asc' },
      take: options.take,
    });
    return rows.map(toResource);
  }

  async findById(
    id: string,
    db: DbClient = this.database.client,
  ): Promise<ClientResource | undefined> {
    const row = await db.client.findUnique({ where: { id } });
    return row ? toResource(row) : undefined;
  }

  /** Reads the client and locks its row until the transaction ends (a true "before"). */
  async findByIdForUpdate(tx: DbClient, id: string): Promise<ClientResource | undefined> {
    await tx.$queryRaw`SELECT 1 FROM clients WHERE id = ${id}::uuid FOR UPDATE`;
    return this.findById(id, tx);
  }

  async create(tx: DbClient, tenantId: string, body: CreateClientBody): Promise<ClientResource> {
    const row = await withConstraintMessages(tx.client.create({ data: { tenantId, ...body } }), {
      conflict: `Tenant ${tenantId} already has a client named "${body.name}"; client names are unique per tenant.`,
      reference: `No tenant with id ${tenantId}.`,
    });
    return toResource(row);
  }

  async update(tx: DbClient, id: string, patch: UpdateClientBody): Promise<ClientResource> {
    const row = await withConstraintMessages(tx.client.update({ where: { id }, data: patch }), {
      notFound: `No client with id ${id}.`,
    });
    return toResource(row);
  }

  async delete(tx: DbClient, id: string): Promise<void> {
    await withConstraintMessages(tx.client.delete({ where: { id } }), {
      notFound: `No client with id ${id}.`,
    });
  }
}
