import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeRegistry } from '../src/common/api/route-registry.js';
import { committedOpenApiPath, renderOpenApiDocument } from '../src/openapi/openapi-file.js';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';

interface Operation {
  operationId: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: { 'application/json': { schema: { $ref?: string } } } };
  responses: Record<string, { content?: { 'application/json': { schema: { $ref?: string } } } }>;
  'x-gatehouse-roles'?: string[];
}

interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { additionalProperties?: boolean; required?: string[] }> };
}

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('OpenAPI document', () => {
  it('committed docs/openapi.json is up to date (regenerate: npm run openapi)', async () => {
    const committed = await readFile(committedOpenApiPath, 'utf8');
    expect(
      committed,
      'docs/openapi.json is stale: run `npm run openapi` and commit the result',
    ).toBe(renderOpenApiDocument(routeRegistry));
  });

  it('is served at /api/openapi.json, identical to the committed copy', async () => {
    const response = await t.request('GET', '/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(JSON.parse(await readFile(committedOpenApiPath, 'utf8')));
  });

  it('describes every route with its schemas, roles and errors', async () => {
    const document = (await t.request('GET', '/api/openapi.json')).body as Document;
    expect(document.openapi).toBe('3.1.0');
    // Other domains add theirs; these must be among them.
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/openapi.json',
        '/api/v1/auth/me',
        '/api/v1/config-history',
        '/api/v1/tenants',
        '/api/v1/tenants/{id}',
        '/api/v1/tenants/{tenantId}/clients',
        '/api/v1/tenants/{tenantId}/clients/{clientId}',
        '/api/v1/clients/{id}/keys',
        '/api/v1/clients/{id}/keys/{keyId}/rotate',
        '/api/v1/clients/{id}/keys/{keyId}/revoke',
        '/api/v1/scopes',
        '/api/v1/scopes/{id}',
        '/api/v1/clients/{id}/scopes',
        '/api/v1/clients/{id}/scopes/{scope}',
        '/api/v1/upstreams',
        '/api/v1/upstreams/{id}',
        '/api/v1/upstreams/{id}/introspect',
        '/api/v1/upstreams/{id}/tools',
        '/api/v1/jobs/introspection/{jobId}',
        '/api/v1/tools/{id}',
        '/api/v1/tools/{toolId}/budget',
        '/api/v1/tenants/{tenantId}/budget',
        '/api/v1/tenants/{tenantId}/tool-budgets',
        '/api/v1/tenants/{tenantId}/tool-budgets/{toolId}',
        '/api/v1/canary-rules',
        '/api/v1/canary-rules/{id}',
        '/api/v1/fleets',
        '/api/v1/fleets/{id}',
        '/api/v1/fleets/{id}/credentials',
        '/api/v1/fleets/{id}/credentials/{credentialId}',
        '/api/v1/fleets/{id}/nodes',
        '/api/v1/fleets/{id}/nodes/heartbeat',
        '/api/v1/fleets/{id}/snapshot',
        '/api/v1/fleets/{id}/snapshots',
        '/api/v1/signing-keys',
        '/healthz',
        '/readyz',
      ]),
    );
    const create = document.paths['/api/v1/tenants']?.['post'];
    expect(create?.operationId).toBe('createTenant');
    expect(create?.requestBody?.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CreateTenant',
    });
    expect(create?.responses['201']?.content?.['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Tenant',
    });
    expect(Object.keys(create?.responses ?? {}).sort()).toEqual([
      '201',
      '400',
      '401',
      '403',
      '409',
      '500',
    ]);
    expect(create?.['x-gatehouse-roles']).toEqual(['admin']);

    const list = document.paths['/api/v1/tenants']?.['get'];
    expect(
      list?.parameters?.map(
        (parameter) => `${parameter.in}:${parameter.name}:${parameter.required}`,
      ),
    ).toEqual(['query:limit:false', 'query:cursor:false']);
    const get = document.paths['/api/v1/tenants/{id}']?.['get'];
    expect(get?.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
    ]);
    expect(document.paths['/healthz']?.['get']?.security).toEqual([]);
    expect(document.paths['/readyz']?.['get']?.responses['503']).toBeDefined();

    // Request bodies are strict: unknown fields are documented as refused.
    expect(document.components.schemas['CreateTenant']?.additionalProperties).toBe(false);
    expect(document.components.schemas['CreateTenant']?.required).toEqual(['name', 'displayName']);
  });

  it('registers exactly the routes Nest mounted (boot would fail otherwise)', async () => {
    const operations = routeRegistry.routes().map((route) => route.operationId);
    expect(new Set(operations).size).toBe(operations.length);
    const committed = JSON.parse(await readFile(committedOpenApiPath, 'utf8')) as Document;
    const documented = Object.values(committed.paths).flatMap((path) => Object.keys(path));
    expect(operations.length).toBe(documented.length);
  });
});
