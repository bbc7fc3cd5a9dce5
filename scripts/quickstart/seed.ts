// The demo configuration, made through the admin API as an admin would, and idempotent: every
// run looks up what is there by name and creates only what is missing.
import type {
  ClientKeyResource,
  ClientResource,
  FleetResource,
  IntrospectionJob,
  IssuedClientKey,
  TenantResource,
  ToolResource,
  UpstreamResource,
} from '@gatehouse/contracts';

type Method = 'GET' | 'POST' | 'PATCH';

interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export class AdminClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async call<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new AdminApiError(
        `${method} /api/v1${path}: HTTP ${response.status}: ${text}`,
        response.status,
      );
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /** Every item of a paginated list (`path` may already carry a query). */
  async all<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    const separator = path.includes('?') ? '&' : '?';
    do {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const page: Page<T> = await this.call('GET', `${path}${separator}limit=200${query}`);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return items;
  }
}

export interface SeedInput {
  readonly everythingEntry: string;
  /** server-everything over Streamable HTTP, started by the quick start. */
  readonly remoteUrl: string;
  readonly log: (line: string) => void;
}

export interface SeedResult {
  readonly tenant: TenantResource;
  readonly client: ClientResource;
  /** The demo client's API key, when this run issued it (shown once). */
  readonly newClientKey: string | undefined;
  readonly upstream: UpstreamResource;
  readonly enabledTools: number;
  readonly remoteTools: number;
  readonly fleet: FleetResource;
}

const TENANT = 'demo';
const CLIENT = 'demo-client';
const FLEET = 'default';

async function tenant(api: AdminClient, log: SeedInput['log']): Promise<TenantResource> {
  const found = (await api.all<TenantResource>('/tenants')).find((t) => t.name === TENANT);
  if (found !== undefined) {
    log(`tenant "${TENANT}" exists`);
    return found;
  }
  log(`creating tenant "${TENANT}"`);
  return api.call('POST', '/tenants', { name: TENANT, displayName: 'Demo' });
}

async function client(
  api: AdminClient,
  tenantId: string,
  log: SeedInput['log'],
): Promise<{ client: ClientResource; key: string | undefined }> {
  let found = (await api.all<ClientResource>(`/tenants/${tenantId}/clients`)).find(
    (c) => c.name === CLIENT,
  );
  if (found === undefined) {
    log(`creating client "${CLIENT}"`);
    found = await api.call<ClientResource>('POST', `/tenants/${tenantId}/clients`, {
      name: CLIENT,
      description: 'The quick start demo client',
    });
  }
  const keys = await api.all<ClientKeyResource>(`/clients/${found.id}/keys`);
  if (keys.some((key) => key.status === 'active')) {
    log(`client "${CLIENT}" exists with an active API key (keys are shown only when issued)`);
    return { client: found, key: undefined };
  }
  log(`issuing an API key for "${CLIENT}"`);
  const issued = await api.call<IssuedClientKey>('POST', `/clients/${found.id}/keys`, {
    label: 'quickstart',
  });
  return { client: found, key: issued.key };
}

async function introspect(api: AdminClient, upstreamId: string): Promise<void> {
  const queued = await api.call<IntrospectionJob>('POST', `/upstreams/${upstreamId}/introspect`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const job = await api.call<IntrospectionJob>(
      'GET',
      `/jobs/introspection/${encodeURIComponent(queued.id)}`,
    );
    if (job.state === 'completed') return;
    if (job.state === 'failed') throw new Error(`introspection failed: ${job.error ?? '?'}`);
    if (Date.now() > deadline) throw new Error(`introspection job ${job.id} still ${job.state}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

interface UpstreamSpec {
  readonly name: string;
  readonly description: string;
  readonly transport:
    | { type: 'stdio'; command: string; args: string[]; env: Record<string, string> }
    | { type: 'streamable-http'; url: string; headers: Record<string, string> };
}

function sameTransport(
  current: UpstreamResource['transport'],
  wanted: UpstreamSpec['transport'],
): boolean {
  if (current.type === 'stdio' && wanted.type === 'stdio') {
    return (
      current.command === wanted.command &&
      JSON.stringify(current.args) === JSON.stringify(wanted.args)
    );
  }
  return (
    current.type === 'streamable-http' &&
    wanted.type === 'streamable-http' &&
    current.url === wanted.url
  );
}

async function upstream(
  api: AdminClient,
  tenantId: string,
  spec: UpstreamSpec,
  log: SeedInput['log'],
): Promise<{ upstream: UpstreamResource; enabledTools: number }> {
  const name = spec.name;
  let found = (await api.all<UpstreamResource>(`/upstreams?tenantId=${tenantId}`)).find(
    (u) => u.name === name,
  );
  if (found === undefined) {
    log(`creating upstream "${name}" (${spec.description})`);
    found = await api.call<UpstreamResource>('POST', '/upstreams', {
      tenantId,
      name,
      description: spec.description,
      transport: spec.transport,
    });
  } else if (!sameTransport(found.transport, spec.transport)) {
    // This Node, checkout or port moved since the last run: point the upstream at them.
    log(`updating upstream "${name}": its transport changed`);
    found = await api.call<UpstreamResource>('PATCH', `/upstreams/${found.id}`, {
      transport: spec.transport,
    });
  } else {
    log(`upstream "${name}" exists`);
  }
  let tools = await api.all<ToolResource>(`/upstreams/${found.id}/tools`);
  if (tools.length > 0) {
    // Catalogued on an earlier run: whatever an admin enabled or disabled since stays so.
    const enabled = tools.filter((tool) => tool.enabled).length;
    log(`catalog of "${name}" exists: ${tools.length} tools, ${enabled} enabled (left as is)`);
    return { upstream: found, enabledTools: enabled };
  }
  log(`introspecting "${name}" (tools/list)`);
  await introspect(api, found.id);
  tools = await api.all<ToolResource>(`/upstreams/${found.id}/tools`);
  // New tools come in disabled (an admin decides): the demo enables them, as read-only.
  for (const tool of tools) {
    await api.call('PATCH', `/tools/${tool.id}`, { enabled: true, tier: 'read_only' });
  }
  log(`enabled ${tools.length} tools of "${name}" (tier read_only)`);
  return { upstream: found, enabledTools: tools.length };
}

async function fleet(
  api: AdminClient,
  tenantId: string,
  log: SeedInput['log'],
): Promise<FleetResource> {
  const found = (await api.all<FleetResource>('/fleets')).find((f) => f.name === FLEET);
  if (found === undefined) {
    log(`creating fleet "${FLEET}" serving tenant "${TENANT}"`);
    return api.call('POST', '/fleets', {
      name: FLEET,
      description: 'The quick start fleet',
      tenantIds: [tenantId],
    });
  }
  if (!found.tenantIds.includes(tenantId)) {
    log(`adding tenant "${TENANT}" to fleet "${FLEET}"`);
    return api.call('PATCH', `/fleets/${found.id}`, {
      tenantIds: [...found.tenantIds, tenantId],
    });
  }
  log(`fleet "${FLEET}" exists`);
  return found;
}

export async function seed(api: AdminClient, input: SeedInput): Promise<SeedResult> {
  const demo = await tenant(api, input.log);
  const issued = await client(api, demo.id, input.log);
  const everything = await upstream(
    api,
    demo.id,
    {
      name: 'everything',
      description: 'server-everything, run by each gateway node as a stdio child process',
      transport: {
        type: 'stdio',
        command: process.execPath,
        args: [input.everythingEntry, 'stdio'],
        env: {},
      },
    },
    input.log,
  );
  const remote = await upstream(
    api,
    demo.id,
    {
      name: 'remote',
      description: 'server-everything over Streamable HTTP, started by the quick start',
      transport: { type: 'streamable-http', url: input.remoteUrl, headers: {} },
    },
    input.log,
  );
  const demoFleet = await fleet(api, demo.id, input.log);
  return {
    tenant: demo,
    client: issued.client,
    newClientKey: issued.key,
    upstream: everything.upstream,
    enabledTools: everything.enabledTools,
    remoteTools: remote.enabledTools,
    fleet: demoFleet,
  };
}

/** A node credential for the fleet: the secret is shown once, so the caller stores it. */
export async function createNodeCredential(api: AdminClient, fleetId: string): Promise<string> {
  const created = await api.call<{ secret: string }>('POST', `/fleets/${fleetId}/credentials`, {
    label: 'quickstart node',
  });
  return created.secret;
}
