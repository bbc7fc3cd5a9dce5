import { Inject, Injectable } from '@nestjs/common';
import type {
  CreateUpstreamBody,
  UpdateUpstreamBody,
  UpstreamResource,
} from '@gatehouse/contracts';
import { DatabaseService } from '../database/database.service.js';
import type { DbClient } from '../database/database.service.js';
import { withConstraintMessages } from '../database/prisma-errors.js';
import type { UpstreamIdentity } from './upstream-clash.js';
import { toUpstreamResource, transportColumns } from './upstream-row.js';

export interface UpstreamListFilter {
  readonly tenantId?: string;
  readonly shared?: boolean;
  readonly afterId?: string;
  readonly take: number;
}

@Injectable()
export class UpstreamsRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  /** In id order (creation order). */
  async list(filter: UpstreamListFilter): Promise<UpstreamResource[]> {
    const owner =
      filter.tenantId !== undefined
        ? { tenantId: filter.tenantId }
        : filter.shared === undefined
          ? {}
          : { tenantId: filter.shared ? null : { not: null } };
    const rows = await this.database.client.upstream.findMany({
      where: { ...owner, ...(filter.afterId === undefined ? {} : { id: { gt: filter.afterId } }) },
      orderBy: { id: 'asc' },
      take: filter.take,
    });
    return rows.map(toUpstreamResource);
  }

  async findById(
    id: string,
    db: DbClient = this.database.client,
  ): Promise<UpstreamResource | undefined> {
    const row = await db.upstream.findUnique({ where: { id } });
    return row ? toUpstreamResource(row) : undefined;
  }

  async findByIdForUpdate(tx: DbClient, id: string): Promise<UpstreamResource | undefined> {
    await tx.$queryRaw`SELECT 1 FROM upstreams WHERE id = ${id}::uuid FOR UPDATE`;
    return this.findById(id, tx);
  }

  /** Ids of the upstreams the scheduled introspection visits. */
  async enabledIds(): Promise<string[]> {
    const rows = await this.database.client.upstream.findMany({
      where: { enabled: true },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    return rows.map((row) => row.id);
  }

  /**
   * Serialises changes of upstream names and namespaces until the transaction ends, so that
   * two concurrent changes cannot both pass the clash check.
   */
  async lockNames(tx: DbClient): Promise<void> {
    await tx.$queryRaw`SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('gatehouse.upstream-names'))) AS locked`;
  }

  /** The upstreams some tenant sees together with one owned by `tenantId` (null: shared). */
  async seenWith(tx: DbClient, tenantId: string | null): Promise<UpstreamIdentity[]> {
    return tx.upstream.findMany({
      where: tenantId === null ? {} : { OR: [{ tenantId }, { tenantId: null }] },
      select: { id: true, tenantId: true, name: true, namespace: true },
    });
  }

  async create(tx: DbClient, body: CreateUpstreamBody): Promise<UpstreamResource> {
    const { transport, ...fields } = body;
    const row = await withConstraintMessages(
      tx.upstream.create({ data: { ...fields, ...transportColumns(transport) } }),
      {
        conflict: `An upstream named "${body.name}" already exists ${body.tenantId === null ? 'among the shared upstreams' : `in tenant ${body.tenantId}`}.`,
        reference: `No tenant with id ${body.tenantId ?? ''}.`,
      },
    );
    return toUpstreamResource(row);
  }

  async update(tx: DbClient, id: string, patch: UpdateUpstreamBody): Promise<UpstreamResource> {
    const { transport, ...fields } = patch;
    const row = await withConstraintMessages(
      tx.upstream.update({
        where: { id },
        data: { ...fields, ...(transport === undefined ? {} : transportColumns(transport)) },
      }),
      { notFound: `No upstream with id ${id}.` },
    );
    return toUpstreamResource(row);
  }

  async delete(tx: DbClient, id: string): Promise<void> {
    await withConstraintMessages(tx.upstream.delete({ where: { id } }), {
      notFound: `No upstream with id ${id}.`,
    });
  }
}
