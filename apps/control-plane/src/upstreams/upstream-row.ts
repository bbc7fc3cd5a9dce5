import { z } from 'zod';
import { Prisma } from '@gatehouse/db';
import type { Upstream } from '@gatehouse/db';
import type { UpstreamResource, UpstreamTransportBody } from '@gatehouse/contracts';

// Headers and env are written by this API only (string → string); read defensively all the same.
const stringRecordSchema = z.record(z.string(), z.string());

function stringRecord(value: Prisma.JsonValue | null): Record<string, string> {
  const parsed = stringRecordSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
}

export function toUpstreamResource(row: Upstream): UpstreamResource {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    description: row.description,
    namespace: row.namespace,
    enabled: row.enabled,
    timeoutMs: row.timeoutMs,
    transport:
      row.transport === 'stdio'
        ? {
            type: 'stdio',
            command: row.command ?? '',
            args: row.args,
            env: stringRecord(row.env),
          }
        : { type: 'streamable-http', url: row.url ?? '', headers: stringRecord(row.headers) },
    introspectedAt: row.introspectedAt?.toISOString() ?? null,
    introspectionError: row.introspectionError,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The transport as columns: one kind's fields set, the other's cleared. */
export function transportColumns(transport: UpstreamTransportBody) {
  return transport.type === 'stdio'
    ? {
        transport: 'stdio' as const,
        command: transport.command,
        args: transport.args,
        env: transport.env,
        url: null,
        headers: Prisma.DbNull,
      }
    : {
        transport: 'streamable_http' as const,
        url: transport.url,
        headers: transport.headers,
        command: null,
        args: [],
        env: Prisma.DbNull,
      };
}
