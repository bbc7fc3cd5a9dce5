import type { z } from 'zod';
import type { AuthConfig } from './auth.schema.js';
import type { ClientConfig } from './client.schema.js';
import type { TenantConfig } from './tenant.schema.js';
import type { UpstreamConfig } from './upstream.schema.js';

interface IdentityParts {
  auth: AuthConfig;
  tenants: readonly TenantConfig[];
  clients: readonly ClientConfig[];
  upstreams: readonly UpstreamConfig[];
}

/**
 * Tenants, clients and keys refer to each other by id: every reference must resolve, and ids
 * and key hashes must be unique, or a request could land in the wrong tenant.
 */
export function checkIdentityReferences(config: IdentityParts, ctx: z.RefinementCtx): void {
  const tenants = new Map<string, number>();
  config.tenants.forEach((tenant, index) => {
    const same = tenants.get(tenant.id);
    if (same !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['tenants', index, 'id'],
        message: `duplicate tenant id "${tenant.id}" (also tenants[${same}])`,
      });
    tenants.set(tenant.id, index);
  });
  const clients = new Map<string, number>();
  const keys = new Map<string, string>();
  config.clients.forEach((client, index) => {
    const same = clients.get(client.id);
    if (same !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['clients', index, 'id'],
        message: `duplicate client id "${client.id}" (also clients[${same}])`,
      });
    clients.set(client.id, index);
    if (!tenants.has(client.tenant))
      ctx.addIssue({
        code: 'custom',
        path: ['clients', index, 'tenant'],
        message: `no tenant has the id "${client.tenant}"`,
      });
    client.apiKeys.forEach((key, keyIndex) => {
      const owner = keys.get(key.sha256);
      if (owner !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['clients', index, 'apiKeys', keyIndex, 'sha256'],
          message: `the same key hash is also a key of client "${owner}"`,
        });
      keys.set(key.sha256, client.id);
    });
  });
  config.upstreams.forEach((upstream, index) => {
    if (upstream.tenant !== undefined && !tenants.has(upstream.tenant))
      ctx.addIssue({
        code: 'custom',
        path: ['upstreams', index, 'tenant'],
        message: `no tenant has the id "${upstream.tenant}"`,
      });
  });
}
