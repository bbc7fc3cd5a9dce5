import { expect } from 'vitest';
import type { PageBody } from './api-bodies.js';
import type { TestApp } from './test-app.js';

export interface Client {
  id: string;
  tenantId: string;
  name: string;
  description: string | null;
  enabled: boolean;
}

export interface Key {
  id: string;
  clientId: string;
  prefix: string;
  label: string | null;
  status: 'active' | 'expired' | 'revoked';
  expiresAt: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
  rotatedFromId: string | null;
}

export interface Issued {
  key: string;
  credential: Key;
}

export interface Change {
  actor: { type: string; id: string; name: string | null };
  tenantId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
}

/** Admin API calls the clients and keys specs share; `admin` writes, `viewer` reads. */
export function clientApi(
  t: TestApp,
  tokens: () => { admin: string; viewer: string },
  tenantId: () => string,
) {
  const clientsPath = (): string => `/api/v1/tenants/${tenantId()}/clients`;
  return {
    clientsPath,
    async createClient(name: string): Promise<Client> {
      const response = await t.request('POST', clientsPath(), {
        token: tokens().admin,
        body: { name },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body as Client;
    },
    async issueKey(clientId: string, body: Record<string, unknown> = {}): Promise<Issued> {
      const response = await t.request('POST', `/api/v1/clients/${clientId}/keys`, {
        token: tokens().admin,
        body,
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body as Issued;
    },
    async listKeys(clientId: string): Promise<Key[]> {
      const response = await t.request('GET', `/api/v1/clients/${clientId}/keys`, {
        token: tokens().viewer,
      });
      expect(response.status).toBe(200);
      return (response.body as PageBody<Key>).items;
    },
  };
}
