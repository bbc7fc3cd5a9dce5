import type { AdminRole, ApiErrorCode } from '@gatehouse/contracts';
import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Where a route's validated inputs come from. */
export type InputLocation = 'body' | 'query' | 'params';

export type RouteInputs = { readonly [location in InputLocation]?: z.ZodType };

export type RouteAccess =
  { readonly kind: 'public' } | { readonly kind: 'roles'; readonly roles: readonly AdminRole[] };

export interface AlternateResponse {
  readonly status: number;
  readonly description: string;
  readonly schema: z.ZodType;
}

/** What @ApiRoute declares on a handler. */
export interface ApiRouteOptions {
  readonly method: HttpMethod;
  /** Relative to the controller; Nest syntax (`:id`). */
  readonly path?: string;
  /** Stable, unique: generated clients name their functions after it. */
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  /** The success status (default 200). */
  readonly status?: number;
  /** The success body; absent for bodiless answers (204). */
  readonly response?: z.ZodType;
  readonly responseDescription?: string;
  /** Non-error answers with another status and body (e.g. /readyz's 503). */
  readonly alternateResponses?: readonly AlternateResponse[];
  /**
   * Error codes this route answers with beyond the ones implied by its declaration
   * (validation_failed when it has inputs, unauthenticated/forbidden unless public).
   */
  readonly errors?: readonly ApiErrorCode[];
}

/** One route of the admin API as the registry holds it: everything OpenAPI needs. */
export interface RegisteredRoute extends Required<
  Pick<ApiRouteOptions, 'method' | 'operationId' | 'summary'>
> {
  /** Full path, Nest syntax: `/api/v1/tenants/:id`. */
  readonly path: string;
  readonly tag: string;
  readonly description: string | undefined;
  readonly status: number;
  readonly response: z.ZodType | undefined;
  readonly responseDescription: string | undefined;
  readonly alternateResponses: readonly AlternateResponse[];
  readonly inputs: RouteInputs;
  readonly access: RouteAccess;
  readonly errors: readonly ApiErrorCode[];
  /** `TenantsController.create`, for messages. */
  readonly handlerName: string;
}
