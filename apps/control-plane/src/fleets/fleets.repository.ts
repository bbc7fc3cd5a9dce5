import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from '@gatehouse/db';
import { authSchema } from '@gatehouse/contracts';
import type {
  AuthConfig,
  CreateFleetBody,
  FleetResource,
  UpdateFleetBody,
} from '@gatehouse/contracts';
import { DomainError } from '../common/errors/domain-error.js';
import { DatabaseService } from '../database/database.service.js';
import type { DbClient } from '../database/database.service.js';
import { withConstraintMessages } from '../database/prisma-errors.js';

const withTenants = {
  tenants: { select: { tenantId: true }, orderBy: { tenantId: 'asc' } },
} satisfies Prisma.GatewayFleetInclude;

type FleetRow = Prisma.GatewayFleetGetPayload<{ include: typeof withTenants }>;

function authOf(value: unknown): AuthConfig | null {
  if (value === null) return null;
  const parsed = authSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function authColumn(
  auth: AuthConfig | null | undefined,
): Prisma.InputJsonValue | Prisma.NullableJsonNullValueInput | undefined {
  if (auth === undefined) return undefined;
  return auth === null
    ? Prisma.DbNull
    : (JSON.parse(JSON.stringify(auth)) as Prisma.InputJsonValue);
}

function toResource(row: FleetRow): FleetResource {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tenantIds: row.tenants.map((link) => link.tenantId),
    auth: authOf(row.auth),
    snapshotVersion: row.lastVersion > 0 ? row.lastVersion : null,
    lastBuildAt: row.lastBuildAt?.toISOString() ?? null,
    lastBuildError: row.lastBuildError,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

@Injectable()
export class FleetsRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  /** In id order (UUIDv7: creation order), after `afterId` when given. */
  async list(options: {
    readonly afterId?: string;
    readonly take: number;
  }): Promise<FleetResource[]> {
    const rows = await this.database.client.gatewayFleet.findMany({
      where: options.afterId === undefined ? {} : { id: { gt: options.afterId } },
      orderBy: { id: 'asc' },
      take: options.take,
      include: withTenants,
    });
    return rows.map(toResource);
  }

  async findById(
    id: string,
    db: DbClient = this.database.client,
  ): Promise<FleetResource | undefined> {
    const row = await db.gatewayFleet.findUnique({ where: { id }, include: withTenants });
    return row ? toResource(row) : undefined;
  }

  /** Locks the fleet row until the transaction ends, so "before" is what the change replaced. */
  async findByIdForUpdate(tx: DbClient, id: string): Promise<FleetResource | undefined> {
    await tx.$queryRaw`SELECT 1 FROM gateway_fleets WHERE id = ${id}::uuid FOR UPDATE`;
    return this.findById(id, tx);
  }

  async create(tx: DbClient, body: CreateFleetBody): Promise<FleetResource> {
    await this.assertTenantsExist(tx, body.tenantIds);
    const { id } = await withConstraintMessages(
      tx.gatewayFleet.create({
        data: { name: body.name, description: body.description, auth: authColumn(body.auth) },
        select: { id: true },
      }),
      { conflict: `A fleet named "${body.name}" already exists; fleet names are unique.` },
    );
    await this.linkTenants(tx, id, body.tenantIds);
    return this.reread(tx, id);
  }

  async update(tx: DbClient, id: string, patch: UpdateFleetBody): Promise<FleetResource> {
    if (patch.tenantIds) await this.assertTenantsExist(tx, patch.tenantIds);
    await withConstraintMessages(
      tx.gatewayFleet.update({
        where: { id },
        data: { name: patch.name, description: patch.description, auth: authColumn(patch.auth) },
        select: { id: true },
      }),
      {
        conflict: `A fleet named "${patch.name ?? ''}" already exists; fleet names are unique.`,
        notFound: `No fleet with id ${id}.`,
      },
    );
    if (patch.tenantIds) {
      await tx.fleetTenant.deleteMany({ where: { fleetId: id } });
      await this.linkTenants(tx, id, patch.tenantIds);
    }
    return this.reread(tx, id);
  }

  async delete(tx: DbClient, id: string): Promise<void> {
    await withConstraintMessages(tx.gatewayFleet.delete({ where: { id } }), {
      notFound: `No fleet with id ${id}.`,
    });
  }

  async exists(id: string): Promise<boolean> {
    const row = await this.database.client.gatewayFleet.findUnique({
      where: { id },
      select: { id: true },
    });
    return row !== null;
  }

  // One INSERT for all the links, rather than a nested write per tenant.
  private async linkTenants(
    tx: DbClient,
    fleetId: string,
    tenantIds: readonly string[],
  ): Promise<void> {
    if (tenantIds.length === 0) return;
    await tx.fleetTenant.createMany({ data: tenantIds.map((tenantId) => ({ fleetId, tenantId })) });
  }

  private async reread(tx: DbClient, id: string): Promise<FleetResource> {
    const fleet = await this.findById(id, tx);
    if (!fleet) throw new DomainError('not_found', `No fleet with id ${id}.`);
    return fleet;
  }

  // Checked up front so the 404 names the missing tenants, which a foreign key error cannot.
  private async assertTenantsExist(tx: DbClient, tenantIds: readonly string[]): Promise<void> {
    if (tenantIds.length === 0) return;
    const found = await tx.tenant.findMany({
      where: { id: { in: [...tenantIds] } },
      select: { id: true },
    });
    const known = new Set(found.map((tenant) => tenant.id));
    const missing = tenantIds.filter((id) => !known.has(id));
    if (missing.length > 0) {
      throw new DomainError(
        'not_found',
        `No tenant with id ${missing.join(', ')}: a fleet can only serve existing tenants.`,
      );
    }
  }
}
