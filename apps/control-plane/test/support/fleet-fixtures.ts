import { importTrustedKeys, SnapshotVerifier } from '@gatehouse/signing';
import type { TrustedKey } from '@gatehouse/signing';
import { expect } from 'vitest';
import { DatabaseService } from '../../src/database/database.service.js';
import type { TestApp } from './test-app.js';

export interface Fleet {
  id: string;
  name: string;
  description: string | null;
  tenantIds: string[];
  snapshotVersion: number | null;
  lastBuildAt: string | null;
  lastBuildError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    issues?: { path: string; message: string }[];
    requestId?: string;
  };
}

export async function createTenant(t: TestApp, token: string, name: string): Promise<string> {
  const response = await t.request('POST', '/api/v1/tenants', {
    token,
    body: { name, displayName: name.toUpperCase() },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return (response.body as { id: string }).id;
}

export async function createFleet(
  t: TestApp,
  token: string,
  body: { name: string; tenantIds?: string[]; description?: string },
): Promise<Fleet> {
  const response = await t.request('POST', '/api/v1/fleets', { token, body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as Fleet;
}

export async function createNodeCredential(
  t: TestApp,
  token: string,
  fleetId: string,
): Promise<string> {
  const response = await t.request('POST', `/api/v1/fleets/${fleetId}/credentials`, {
    token,
    body: { label: 'test nodes' },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return (response.body as { secret: string }).secret;
}

export interface SeededUpstream {
  readonly tenantId?: string | null;
  readonly name: string;
  readonly tools?: readonly { name: string; enabled?: boolean; schemaHash?: string }[];
}

/**
 * Upstream and tool rows written straight to the database, as the upstream and tool modules
 * would: these specs are about snapshots, not about those APIs.
 */
export async function seedUpstream(t: TestApp, upstream: SeededUpstream): Promise<string> {
  const db = t.app.get(DatabaseService).client;
  const row = await db.upstream.create({
    data: {
      tenantId: upstream.tenantId ?? null,
      name: upstream.name,
      transport: 'streamable_http',
      url: `http://127.0.0.1:9/${upstream.name}/mcp`,
      headers: {},
    },
  });
  for (const tool of upstream.tools ?? []) {
    await db.tool.create({
      data: {
        upstreamId: row.id,
        name: tool.name,
        enabled: tool.enabled ?? true,
        tier: 'read_only',
        versions: {
          create: {
            version: 1,
            schemaHash: tool.schemaHash ?? 'c'.repeat(64),
            inputSchema: { type: 'object' },
          },
        },
      },
    });
  }
  return row.id;
}

export interface Pulled {
  readonly status: number;
  readonly etag: string | null;
  readonly contentType: string | null;
  readonly body: string;
  readonly elapsedMs: number;
}

/** A node's pull, as the gateway makes it. */
export async function pullSnapshot(
  baseUrl: string,
  fleetId: string,
  credential: string,
  options: { ifNoneMatch?: number; wait?: number } = {},
): Promise<Pulled> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${credential}`,
    accept: 'application/jose',
  };
  if (options.ifNoneMatch !== undefined) headers['if-none-match'] = `"${options.ifNoneMatch}"`;
  const query = options.wait === undefined ? '' : `?wait=${options.wait}`;
  const started = Date.now();
  const response = await fetch(`${baseUrl}/api/v1/fleets/${fleetId}/snapshot${query}`, {
    headers,
  });
  const body = await response.text();
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    contentType: response.headers.get('content-type'),
    body,
    elapsedMs: Date.now() - started,
  };
}

/** Polls `read` until it returns something, or fails after `timeoutMs`. */
export async function eventually<T>(
  read: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function fleetVersion(
  t: TestApp,
  token: string,
  fleetId: string,
): Promise<number | null> {
  const response = await t.request('GET', `/api/v1/fleets/${fleetId}`, { token });
  expect(response.status).toBe(200);
  return (response.body as Fleet).snapshotVersion;
}

/** The keys a node would be given: the JWKS endpoint's answer, read as a trusted-keys file. */
export async function trustedKeysOf(t: TestApp, token: string): Promise<TrustedKey[]> {
  const response = await t.request('GET', '/api/v1/signing-keys', { token });
  expect(response.status).toBe(200);
  return importTrustedKeys(JSON.stringify(response.body));
}

export function verifierFor(keys: readonly TrustedKey[], fleetId: string): SnapshotVerifier {
  return new SnapshotVerifier({ trustedKeys: keys, fleetId });
}
