import { describe, expect, it } from 'vitest';
import { RouteRegistry } from '../common/api/route-registry.js';
import type { RegisteredRoute } from '../common/api/route-spec.js';
import { assertRoutesRegistered } from './route-check.js';

function route(method: RegisteredRoute['method'], path: string): RegisteredRoute {
  return {
    method,
    path,
    operationId: `${method}${path}`,
    summary: '',
    tag: 'T',
    description: undefined,
    status: 200,
    response: undefined,
    responseDescription: undefined,
    alternateResponses: [],
    inputs: {},
    access: { kind: 'public' },
    errors: [],
    handlerName: `C.${method}`,
  };
}

describe('assertRoutesRegistered', () => {
  const registry = new RouteRegistry();
  registry.add(route('GET', '/api/v1/things'));

  it('accepts the mounted routes the registry declares (HEAD and OPTIONS aside)', () => {
    expect(() =>
      assertRoutesRegistered(
        [
          { method: 'GET', url: '/api/v1/things' },
          { method: 'HEAD', url: '/api/v1/things' },
        ],
        registry,
      ),
    ).not.toThrow();
  });

  it('refuses a route mounted without @ApiRoute, and a declared route not mounted', () => {
    expect(() =>
      assertRoutesRegistered([{ method: 'POST', url: '/api/v1/sneaky' }], registry),
    ).toThrow(
      'Route table mismatch:\n  POST /api/v1/sneaky is mounted but not declared with @ApiRoute\n  GET /api/v1/things (C.GET) is declared but its module is not imported',
    );
  });
});
