import { expect } from 'vitest';
import type { PageBody } from './api-bodies.js';
import { introspect } from './introspect.js';
import type { TestApp } from './test-app.js';

export interface CatalogTool {
  id: string;
  upstreamId: string;
  name: string;
  tier: string;
  enabled: boolean;
  requiredScopes: string[];
  pinnedVersionId: string | null;
  latestVersion: { id: string; version: number; schemaHash: string } | null;
}

/**
 * An upstream on `url` (owned by `tenantId`, or shared), introspected through the API: its
 * catalog tools by name.
 */
export async function seedCatalog(
  t: TestApp,
  token: string,
  options: { readonly name: string; readonly url: string; readonly tenantId?: string },
): Promise<{ upstreamId: string; tools: Map<string, CatalogTool> }> {
  const created = await t.request('POST', '/api/v1/upstreams', {
    token,
    body: {
      name: options.name,
      tenantId: options.tenantId ?? null,
      transport: { type: 'streamable-http', url: options.url },
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const upstreamId = (created.body as { id: string }).id;
  const job = await introspect(t, token, upstreamId);
  expect(job.state, job.error ?? '').toBe('completed');
  const listed = await t.request('GET', `/api/v1/upstreams/${upstreamId}/tools?limit=200`, {
    token,
  });
  const tools = (listed.body as PageBody<CatalogTool>).items;
  return { upstreamId, tools: new Map(tools.map((tool) => [tool.name, tool])) };
}
