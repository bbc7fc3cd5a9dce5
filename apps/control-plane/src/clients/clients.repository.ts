import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from '@gatehouse/db';
import type { Client } from '@gatehouse/db';
import { toolAccessSettingSchema } from '@gatehouse/contracts';
import type {
  ClientResource,
  CreateClientBody,
  RateLimitSetting,
  ToolAccessSetting,
  UpdateClientBody,
} from '@gatehouse/contracts';
import { DatabaseService } from '../database/database.service.js';
import type { DbClient } from '../database/database.service.js';
import { withConstraintMessages } from '../database/prisma-errors.js';

function toolAccessOf(value: unknown): ToolAccessSetting | null {
  if (value === null) return null;
  const parsed = toolAccessSettingSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

interface SettingsColumns {
  rateLimitPoints?: number | null;
  rateLimitWindowSeconds?: number | null;
  toolAccess?: Prisma.InputJsonValue | Prisma.NullableJsonNullValueInput;
}

/** The API's nested settings → columns; fields left out of a patch stay untouched. */
function settingsRow(body: {
  readonly rateLimit?: RateLimitSetting | null;
  readonly toolAccess?: ToolAccessSetting | null;
}): SettingsColumns {
  const row: SettingsColumns = {};
  if (body.rateLimit !== undefined) {
    row.rateLimitPoints = body.rateLimit?.points ?? null;
    row.rateLimitWindowSeconds = body.rateLimit?.windowSeconds ?? null;
  }
  if (body.toolAccess !== undefined)
    row.toolAccess =
      body.toolAccess === null
        ? Prisma.DbNull
        : { allow: [...body.toolAccess.allow], block: [...body.toolAccess.block] };
  return row;
}

function toResource(row: Client): ClientResource {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    description: row.description,
    enabled: row.enabled,
    rateLimit:
      row.rateLimitPoints === null || row.rateLimitWindowSeconds === null
        ? null
        : { points: row.rateLimitPoints, windowSeconds: row.rateLimitWindowSeconds },
    toolAccess: toolAccessOf(row.toolAccess),
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
    const { rateLimit, toolAccess, ...plain } = body;
    const data = { tenantId, ...plain, ...settingsRow({ rateLimit, toolAccess }) };
    const row = await withConstraintMessages(tx.client.create({ data }), {
      conflict: `Tenant ${tenantId} already has a client named "${body.name}"; client names are unique per tenant.`,
      reference: `No tenant with id ${tenantId}.`,
    });
    return toResource(row);
  }

  async update(tx: DbClient, id: string, patch: UpdateClientBody): Promise<ClientResource> {
    const { rateLimit, toolAccess, ...plain } = patch;
    const data = { ...plain, ...settingsRow({ rateLimit, toolAccess }) };
    const row = await withConstraintMessages(tx.client.update({ where: { id }, data }), {
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
