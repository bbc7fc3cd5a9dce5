import { applyDecorators, Controller } from '@nestjs/common';
import type { ApiErrorCode } from '@gatehouse/contracts';
import { isPublic } from '../../auth/public.decorator.js';
import { requiredRoles } from '../../auth/roles.decorator.js';
import { getApiRouteOptions, getRouteInputs } from './route-metadata.js';
import { routeRegistry } from './route-registry.js';
import type { RouteRegistry } from './route-registry.js';
import type { ApiRouteOptions, RouteAccess, RouteInputs } from './route-spec.js';

/** Where the admin REST API lives; health and the OpenAPI document sit outside it. */
export const API_V1_PREFIX = 'api/v1';

export interface ApiControllerOptions {
  /** Relative to /api/v1 (or to / with `root: true`). */
  readonly path: string;
  /** The OpenAPI tag grouping this controller's routes. */
  readonly tag: string;
  readonly root?: boolean;
  /** For tests: another registry than the process-wide one. */
  readonly registry?: RouteRegistry;
}

function joinPath(...parts: string[]): string {
  const joined = parts
    .flatMap((part) => part.split('/'))
    .filter((segment) => segment !== '')
    .join('/');
  return `/${joined}`;
}

function accessOf(handler: object, controller: object, handlerName: string): RouteAccess {
  const roles = requiredRoles(handler) ?? requiredRoles(controller);
  const open = isPublic(handler) || isPublic(controller);
  if (open && roles) throw new Error(`${handlerName} is both @Public() and @Roles(): pick one`);
  if (open) return { kind: 'public' };
  // A guarded route that names no role would be refused to everyone at runtime; say so now.
  if (!roles || roles.length === 0)
    throw new Error(`${handlerName} needs @Roles(...) or an explicit @Public()`);
  return { kind: 'roles', roles };
}

function impliedErrors(
  inputs: RouteInputs,
  access: RouteAccess,
  options: ApiRouteOptions,
): ApiErrorCode[] {
  const codes = new Set<ApiErrorCode>();
  if (inputs.body || inputs.query || inputs.params) codes.add('validation_failed');
  if (inputs.body) codes.add('malformed_request');
  if (access.kind === 'roles') {
    codes.add('unauthenticated');
    codes.add('forbidden');
  }
  for (const code of options.errors ?? []) codes.add(code);
  return [...codes];
}

/**
 * A controller of the HTTP API: Nest's @Controller under /api/v1, and every @ApiRoute
 * handler of the class entered in the route registry (class decorators run after the
 * member decorators, so all route metadata is in place here).
 */
export function ApiController(options: ApiControllerOptions): ClassDecorator {
  const base = options.root ? options.path : `${API_V1_PREFIX}/${options.path}`;
  const register: ClassDecorator = (target) => {
    const registry = options.registry ?? routeRegistry;
    const prototype = target.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const route = getApiRouteOptions(handler);
      if (!route) continue;
      const handlerName = `${target.name}.${name}`;
      const inputs = getRouteInputs(handler);
      const access = accessOf(handler, target, handlerName);
      registry.add({
        method: route.method,
        path: joinPath(base, route.path ?? ''),
        operationId: route.operationId,
        summary: route.summary,
        description: route.description,
        tag: options.tag,
        status: route.status ?? 200,
        response: route.response,
        responseDescription: route.responseDescription,
        alternateResponses: route.alternateResponses ?? [],
        inputs,
        access,
        errors: impliedErrors(inputs, access, route),
        handlerName,
      });
    }
  };
  return applyDecorators(Controller(base), register);
}
