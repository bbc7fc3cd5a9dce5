import type { RegisteredRoute } from './route-spec.js';

/**
 * Every route of the HTTP API, filled by @ApiController as controller classes are
 * defined. The OpenAPI document is built from it, and boot checks that Nest mounted
 * exactly these routes (see assertRoutesRegistered).
 */
export class RouteRegistry {
  private readonly byKey = new Map<string, RegisteredRoute>();
  private readonly operationIds = new Set<string>();

  add(route: RegisteredRoute): void {
    const key = RouteRegistry.key(route.method, route.path);
    // The same class defined twice (a module loaded twice) re-registers identical routes.
    const existing = this.byKey.get(key);
    if (existing?.handlerName === route.handlerName) return;
    if (existing)
      throw new Error(
        `${route.method} ${route.path} is declared by both ${existing.handlerName} and ${route.handlerName}`,
      );
    if (this.operationIds.has(route.operationId)) {
      throw new Error(
        `operationId "${route.operationId}" of ${route.handlerName} is already used by another route`,
      );
    }
    this.byKey.set(key, route);
    this.operationIds.add(route.operationId);
  }

  find(method: string, path: string): RegisteredRoute | undefined {
    return this.byKey.get(RouteRegistry.key(method, path));
  }

  /** Sorted by path then method, so generated documents are stable. */
  routes(): readonly RegisteredRoute[] {
    return [...this.byKey.values()].sort(
      (a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method),
    );
  }

  static key(method: string, path: string): string {
    return `${method.toUpperCase()} ${path}`;
  }
}

/** The process-wide registry the decorators fill. */
export const routeRegistry = new RouteRegistry();
