import type { RouteRegistry } from '../common/api/route-registry.js';

export interface MountedRoute {
  readonly method: string;
  readonly url: string;
}

const apiMethods = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Boot-time check that Nest mounted exactly the routes the registry documents: a
 * handler mapped with Nest's own @Get() (bypassing @ApiRoute) would be missing from
 * the OpenAPI document and from the Public/Roles check, so it stops the boot instead.
 */
export function assertRoutesRegistered(
  mounted: readonly MountedRoute[],
  registry: RouteRegistry,
): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const route of mounted) {
    if (!apiMethods.has(route.method)) continue;
    // Fastify normalises away a trailing slash only sometimes; compare without it.
    const url = route.url.length > 1 ? route.url.replace(/\/$/, '') : route.url;
    seen.add(`${route.method} ${url}`);
    if (!registry.find(route.method, url))
      problems.push(`${route.method} ${url} is mounted but not declared with @ApiRoute`);
  }
  for (const route of registry.routes()) {
    if (!seen.has(`${route.method} ${route.path}`)) {
      problems.push(
        `${route.method} ${route.path} (${route.handlerName}) is declared but its module is not imported`,
      );
    }
  }
  if (problems.length > 0) throw new Error(`Route table mismatch:\n  ${problems.join('\n  ')}`);
}
