import type { AdminApi } from './admin-api.js';
import type { FleetSystem } from './fleet-system.js';

export interface IssuedKey {
  readonly key: string;
  readonly id: string;
}

export interface EnforcementSetup {
  readonly acmeId: string;
  readonly globexId: string;
  /** acme's client with the `demo.read` scope (and get-env blocked by its tool access). */
  readonly agentId: string;
  readonly agentKey: IssuedKey;
  /** acme's client without scopes. */
  readonly narrowId: string;
  readonly narrowKey: IssuedKey;
}

interface Created {
  readonly id: string;
}

export async function createClient(
  api: AdminApi,
  tenantId: string,
  body: Record<string, unknown>,
): Promise<string> {
  const created = (await api.raw('POST', `/tenants/${tenantId}/clients`, body, 201)) as Created;
  return created.id;
}

export async function issueKey(
  api: AdminApi,
  clientId: string,
  body: Record<string, unknown> = {},
): Promise<IssuedKey> {
  const issued = (await api.raw('POST', `/clients/${clientId}/keys`, body, 201)) as {
    key: string;
    credential: Created;
  };
  return { key: issued.key, id: issued.credential.id };
}

export function grantScope(api: AdminApi, clientId: string, scope: string): Promise<unknown> {
  return api.raw('PUT', `/clients/${clientId}/scopes/${scope}`, undefined, 200);
}

/**
 * On top of FleetSystem's setup (acme with server-everything, all tools enabled): API keys
 * required (no anonymous callers), a second tenant (globex) with the conformance fixture, a
 * scope on `echo`, tool contracts (size cap, argument rules of every kind, a disabled tool),
 * and two clients of acme with keys.
 */
export async function configureEnforcement(system: FleetSystem): Promise<EnforcementSetup> {
  const api = system.required(system.api, 'admin API');
  const acme = system.required(system.tenant, 'tenant');
  const fleet = system.required(system.fleet, 'fleet');
  const fixture = system.required(system.fixture, 'conformance fixture');
  const toolId = (name: string): string => {
    const tool = system.everythingTools.find((entry) => entry.name === name);
    if (!tool) throw new Error(`server-everything has no tool "${name}"`);
    return tool.id;
  };

  const globex = await api.createTenant('globex');
  const conformance = await api.createUpstream({
    tenantId: globex.id,
    name: 'conformance',
    transport: { type: 'streamable-http', url: fixture.url, headers: {} },
  });
  const job = await api.introspect(conformance.id);
  if (job.state !== 'completed') throw new Error(`introspection failed: ${job.error ?? '?'}`);
  for (const tool of await api.upstreamTools(conformance.id))
    await api.updateTool(tool.id, { enabled: true });

  await api.raw('POST', '/scopes', { name: 'demo.read' }, 201);
  await api.updateTool(toolId('echo'), {
    requiredScopes: ['demo.read'],
    rules: [
      { kind: 'pattern', argument: 'message', pattern: '^[a-z ]+$', id: 'plain-words' },
      { kind: 'maxLength', argument: 'message', max: 40 },
      { kind: 'blocklist', argument: 'message', values: ['forbidden'] },
    ],
  });
  await api.raw('PUT', `/tools/${toolId('echo')}/budget`, { maxRequestBytes: 1024 }, 200);
  await api.updateTool(toolId('get-sum'), {
    rules: [
      { kind: 'range', argument: 'a', min: 0, max: 100 },
      { kind: 'enum', argument: 'b', values: [1, 2, 3] },
    ],
  });
  await api.updateTool(toolId('trigger-long-running-operation'), {
    rules: [
      { kind: 'required', argument: 'duration' },
      { kind: 'range', argument: 'steps', min: 1, max: 2 },
    ],
  });
  await api.updateTool(toolId('gzip-file-as-resource'), {
    rules: [{ kind: 'dateRange', argument: 'name', notBefore: '-P30D' }],
  });
  await api.updateTool(toolId('get-tiny-image'), { enabled: false });

  const agentId = await createClient(api, acme.id, {
    name: 'agent',
    toolAccess: { block: ['everything__get-env'] },
  });
  await grantScope(api, agentId, 'demo.read');
  const agentKey = await issueKey(api, agentId, { label: 'agent' });
  const narrowId = await createClient(api, acme.id, { name: 'narrow' });
  const narrowKey = await issueKey(api, narrowId, { label: 'narrow' });

  // Keys only from here on; the fleet serves both tenants.
  await api.raw(
    'PATCH',
    `/fleets/${fleet.id}`,
    { auth: null, tenantIds: [acme.id, globex.id] },
    200,
  );
  return { acmeId: acme.id, globexId: globex.id, agentId, agentKey, narrowId, narrowKey };
}
