import {
  createdFleetCredentialSchema,
  fleetResourceSchema,
  gatewayNodePageSchema,
  introspectionJobSchema,
  tenantResourceSchema,
  toolPageSchema,
  toolResourceSchema,
  upstreamResourceSchema,
} from '@gatehouse/contracts';
import type {
  createFleetBodySchema,
  CreateUpstreamBody,
  FleetResource,
  GatewayNodeResource,
  IntrospectionJob,
  TenantResource,
  ToolResource,
  UpdateToolBody,
  UpstreamResource,
} from '@gatehouse/contracts';
import type { z } from 'zod';
import { delay } from './deadline.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Request bodies as sent: fields with defaults may be left out, as over the wire. */
type Sent<T> = Partial<T>;

/**
 * The admin REST API as a client sees it, with an admin token. Every answer is checked
 * against the status it must have and parsed with the contract's own zod schema, so a
 * response that drifts from `libs/contracts` fails here, naming the route.
 */
export class AdminApi {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async call<S extends z.ZodType>(
    method: Method,
    path: string,
    schema: S,
    options: { readonly body?: unknown; readonly status?: number } = {},
  ): Promise<z.output<S>> {
    const body = await this.raw(method, path, options.body, options.status ?? 200);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new Error(
        `${method} ${path}: the answer does not match the contract: ${parsed.error.message}\n${JSON.stringify(body)}`,
      );
    }
    return parsed.data;
  }

  /** The JSON body (undefined for 204) of a call that must answer `status`. */
  async raw(method: Method, path: string, body: unknown, status: number): Promise<unknown> {
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
    if (response.status !== status) {
      throw new Error(`${method} ${path}: HTTP ${response.status}, expected ${status}: ${text}`);
    }
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }

  createTenant(name: string): Promise<TenantResource> {
    return this.call('POST', '/tenants', tenantResourceSchema, {
      body: { name, displayName: name.toUpperCase() },
      status: 201,
    });
  }

  createUpstream(body: Sent<CreateUpstreamBody>): Promise<UpstreamResource> {
    return this.call('POST', '/upstreams', upstreamResourceSchema, { body, status: 201 });
  }

  /** Queues an introspection and waits for the job to finish, one way or the other. */
  async introspect(upstreamId: string, timeoutMs = 60_000): Promise<IntrospectionJob> {
    const queued = await this.call(
      'POST',
      `/upstreams/${upstreamId}/introspect`,
      introspectionJobSchema,
      { status: 202 },
    );
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.call(
        'GET',
        `/jobs/introspection/${encodeURIComponent(queued.id)}`,
        introspectionJobSchema,
      );
      if (job.state === 'completed' || job.state === 'failed') return job;
      if (Date.now() > deadline)
        throw new Error(`introspection job ${job.id} still ${job.state} after ${timeoutMs} ms`);
      await delay(100);
    }
  }

  /** Every page of an upstream's catalog. */
  async upstreamTools(upstreamId: string): Promise<ToolResource[]> {
    const tools: ToolResource[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const page = await this.call(
        'GET',
        `/upstreams/${upstreamId}/tools?limit=200${query}`,
        toolPageSchema,
      );
      tools.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return tools;
  }

  updateTool(toolId: string, body: UpdateToolBody): Promise<ToolResource> {
    return this.call('PATCH', `/tools/${toolId}`, toolResourceSchema, { body });
  }

  /** The body as sent: defaults (of the fleet's `auth` too) may be left out. */
  createFleet(body: z.input<typeof createFleetBodySchema>): Promise<FleetResource> {
    return this.call('POST', '/fleets', fleetResourceSchema, { body, status: 201 });
  }

  fleet(fleetId: string): Promise<FleetResource> {
    return this.call('GET', `/fleets/${fleetId}`, fleetResourceSchema);
  }

  /** A node credential: the secret is shown once. */
  async createNodeCredential(fleetId: string, label: string): Promise<string> {
    const created = await this.call(
      'POST',
      `/fleets/${fleetId}/credentials`,
      createdFleetCredentialSchema,
      { body: { label }, status: 201 },
    );
    return created.secret;
  }

  async nodes(fleetId: string): Promise<GatewayNodeResource[]> {
    const page = await this.call(
      'GET',
      `/fleets/${fleetId}/nodes?limit=200`,
      gatewayNodePageSchema,
    );
    return page.items;
  }

  /** GET /signing-keys: the JWKS nodes trust. */
  signingKeys(): Promise<unknown> {
    return this.raw('GET', '/signing-keys', undefined, 200);
  }
}
