import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from '@gatehouse/db';
import type { ConfigChange as ConfigChangeRow } from '@gatehouse/db';
import type { ConfigAction, ConfigActor, ConfigChange } from '@gatehouse/contracts';
import { DatabaseService } from '../database/database.service.js';
import type { DbClient } from '../database/database.service.js';
import type { ActorRef, JsonObject } from './change-context.js';

export interface NewConfigChange {
  readonly actor: ActorRef;
  readonly requestId: string | null;
  readonly tenantId: string | null;
  readonly entityType: string;
  readonly entityId: string;
  readonly action: ConfigAction;
  readonly before: JsonObject | null;
  readonly after: JsonObject | null;
}

export interface ConfigChangeFilter {
  readonly entityType?: string;
  readonly entityId?: string;
  readonly tenantId?: string;
  /** Only changes older than this id (the previous page's last). */
  readonly beforeId?: bigint;
  readonly take: number;
}

const actorTypes: ReadonlySet<string> = new Set<ConfigActor['type']>([
  'admin_token',
  'user',
  'system',
]);

// The table has one `actor` column: "<type>:<id>" keeps the kind of actor with its id.
function storedActor(actor: ActorRef): string {
  return `${actor.type}:${actor.id}`;
}

function parseActor(stored: string): ActorRef {
  const separator = stored.indexOf(':');
  const type = stored.slice(0, separator);
  if (separator > 0 && actorTypes.has(type))
    return { type: type as ActorRef['type'], id: stored.slice(separator + 1) };
  return { type: 'system', id: stored };
}

function json(value: JsonObject | null): Prisma.InputJsonObject | typeof Prisma.DbNull {
  return value === null ? Prisma.DbNull : value;
}

@Injectable()
export class ConfigHistoryRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  /** Inserts within the caller's transaction, so the entry commits with the change. */
  async insert(tx: DbClient, change: NewConfigChange): Promise<void> {
    await tx.configChange.create({
      data: {
        actor: storedActor(change.actor),
        requestId: change.requestId,
        tenantId: change.tenantId,
        entityType: change.entityType,
        entityId: change.entityId,
        action: change.action,
        before: json(change.before),
        after: json(change.after),
      },
    });
  }

  /** Newest first. */
  async list(filter: ConfigChangeFilter): Promise<ConfigChange[]> {
    const rows = await this.database.client.configChange.findMany({
      // Undefined filters are left out by Prisma.
      where: {
        entityType: filter.entityType,
        entityId: filter.entityId,
        tenantId: filter.tenantId,
        id: filter.beforeId === undefined ? undefined : { lt: filter.beforeId },
      },
      orderBy: { id: 'desc' },
      take: filter.take,
    });
    const names = await this.adminTokenNames(rows);
    return rows.map((row) => {
      const actor = parseActor(row.actor);
      return {
        id: row.id.toString(),
        occurredAt: row.occurredAt.toISOString(),
        actor: {
          ...actor,
          name: actor.type === 'admin_token' ? (names.get(actor.id) ?? null) : null,
        },
        tenantId: row.tenantId,
        entityType: row.entityType,
        entityId: row.entityId,
        action: row.action,
        before: row.before,
        after: row.after,
        requestId: row.requestId,
      };
    });
  }

  // Token rows are revoked, never deleted, so a change's author keeps a name to show.
  private async adminTokenNames(rows: readonly ConfigChangeRow[]): Promise<Map<string, string>> {
    const ids = new Set<string>();
    for (const row of rows) {
      const actor = parseActor(row.actor);
      if (actor.type === 'admin_token' && /^[0-9a-f-]{36}$/i.test(actor.id)) ids.add(actor.id);
    }
    if (ids.size === 0) return new Map();
    const tokens = await this.database.client.adminApiToken.findMany({
      where: { id: { in: [...ids] } },
      select: { id: true, name: true },
    });
    return new Map(tokens.map((token) => [token.id, token.name]));
  }
}
