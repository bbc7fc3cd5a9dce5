// Seeds an enterprise-size configuration for the snapshot benchmark (issue 3) with bulk
// createMany calls: tenants, clients with API key hashes and scope grants, scopes, upstreams
// (tenant-owned and shared) with their tool catalog (one version each) and one fleet serving
// every tenant. Ids are made here so rows can be linked without reading them back.
import { createHash, randomUUID } from 'node:crypto';
import type { PrismaClient } from '@gatehouse/db';

export interface SeedSize {
  readonly tenants: number;
  readonly clientsPerTenant: number;
  readonly scopes: number;
  readonly tenantUpstreams: number;
  readonly sharedUpstreams: number;
  readonly toolsPerUpstream: number;
}

export interface SeedCounts {
  readonly fleetId: string;
  readonly tenants: number;
  readonly clients: number;
  readonly credentials: number;
  readonly scopeGrants: number;
  readonly scopes: number;
  readonly upstreams: number;
  readonly tools: number;
  readonly toolVersions: number;
  readonly toolScopes: number;
}

/** Rows per INSERT: well under Postgres's 65 535 bind parameters for every table here. */
const CHUNK = 2_000;

async function inChunks<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let start = 0; start < rows.length; start += CHUNK)
    await insert(rows.slice(start, start + CHUNK));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const TIERS = ['read_only', 'write_safe', 'dangerous'] as const;

export async function seedEnterprise(
  prisma: PrismaClient,
  size: SeedSize,
  upstreamUrl: string,
): Promise<SeedCounts> {
  const tenants = Array.from({ length: size.tenants }, (_, i) => ({
    id: randomUUID(),
    name: `tenant-${pad(i, 4)}`,
    displayName: `Tenant ${i}`,
  }));
  await inChunks(tenants, (data) => prisma.tenant.createMany({ data }));

  const scopes = Array.from({ length: size.scopes }, (_, i) => ({
    id: randomUUID(),
    name: `scope:${pad(i, 3)}`,
    description: `Benchmark scope ${i}`,
  }));
  await prisma.scope.createMany({ data: scopes });
  const scopeAt = (i: number) => scopes[i % scopes.length]?.id ?? '';

  const clients = tenants.flatMap((tenant, t) =>
    Array.from({ length: size.clientsPerTenant }, (_, c) => ({
      id: randomUUID(),
      tenantId: tenant.id,
      name: `client-${pad(t, 4)}-${pad(c, 3)}`,
    })),
  );
  await inChunks(clients, (data) => prisma.client.createMany({ data }));
  const credentials = clients.map((client, i) => {
    const key = `gh_bench_${randomUUID().replaceAll('-', '')}`;
    return {
      clientId: client.id,
      keyPrefix: `${key.slice(0, 12)}${pad(i, 5)}`,
      keyHash: sha256(key),
      label: 'bench',
    };
  });
  await inChunks(credentials, (data) => prisma.clientCredential.createMany({ data }));
  const grants = clients.flatMap((client, i) => [
    { clientId: client.id, scopeId: scopeAt(i) },
    { clientId: client.id, scopeId: scopeAt(i + 1) },
  ]);
  await inChunks(grants, (data) => prisma.clientScopeGrant.createMany({ data }));

  const now = new Date();
  const upstreams = [
    ...Array.from({ length: size.tenantUpstreams }, (_, i) => ({
      id: randomUUID(),
      tenantId: tenants[i % tenants.length]?.id ?? null,
      name: `upstream-${pad(i, 3)}`,
    })),
    ...Array.from({ length: size.sharedUpstreams }, (_, i) => ({
      id: randomUUID(),
      tenantId: null,
      name: `shared-${pad(i, 3)}`,
    })),
  ].map((upstream) => ({
    ...upstream,
    description: `Benchmark upstream ${upstream.name}`,
    transport: 'streamable_http' as const,
    url: upstreamUrl,
    headers: { 'x-bench': upstream.name },
    timeoutMs: 30_000,
    introspectedAt: now,
  }));
  await prisma.upstream.createMany({ data: upstreams });

  const tools = upstreams.flatMap((upstream, u) =>
    Array.from({ length: size.toolsPerUpstream }, (_, i) => ({
      id: randomUUID(),
      upstreamId: upstream.id,
      name: `tool_${pad(i, 3)}`,
      title: `Tool ${i} of ${upstream.name}`,
      tier: TIERS[(u + i) % TIERS.length] ?? 'dangerous',
      enabled: i % 10 !== 9,
    })),
  );
  await inChunks(tools, (data) => prisma.tool.createMany({ data }));
  const versions = tools.map((tool) => {
    const inputSchema = {
      type: 'object',
      properties: {
        query: { type: 'string', description: `What ${tool.name} looks up` },
        limit: { type: 'integer', minimum: 1, maximum: 100 },
      },
      required: ['query'],
    };
    return {
      toolId: tool.id,
      version: 1,
      schemaHash: sha256(`${tool.upstreamId}/${tool.name}/${JSON.stringify(inputSchema)}`),
      description: `${tool.title}: a benchmark tool`,
      inputSchema,
    };
  });
  await inChunks(versions, (data) => prisma.toolVersion.createMany({ data }));
  const toolScopes = tools.map((tool, i) => ({ toolId: tool.id, scopeId: scopeAt(i) }));
  await inChunks(toolScopes, (data) => prisma.toolRequiredScope.createMany({ data }));

  const fleet = await prisma.gatewayFleet.create({
    data: { name: 'bench-fleet', description: 'Every benchmark tenant' },
  });
  await inChunks(tenants, (chunk) =>
    prisma.fleetTenant.createMany({
      data: chunk.map((tenant) => ({ fleetId: fleet.id, tenantId: tenant.id })),
    }),
  );

  return {
    fleetId: fleet.id,
    tenants: tenants.length,
    clients: clients.length,
    credentials: credentials.length,
    scopeGrants: grants.length,
    scopes: scopes.length,
    upstreams: upstreams.length,
    tools: tools.length,
    toolVersions: versions.length,
    toolScopes: toolScopes.length,
  };
}
