import { Inject, Injectable } from '@nestjs/common';
import type { RouteRegistry } from '../common/api/route-registry.js';
import { buildOpenApiDocument } from './build-openapi-document.js';
import type { OpenApiDocument } from './openapi-types.js';

/** Bump with every change to the admin API's contract. */
export const ADMIN_API_VERSION = '0.1.0';

export const ROUTE_REGISTRY = Symbol('RouteRegistry');

@Injectable()
export class OpenApiService {
  private document: OpenApiDocument | undefined;

  constructor(@Inject(ROUTE_REGISTRY) private readonly registry: RouteRegistry) {}

  /** Built on first use: every controller is registered by then. */
  get(): OpenApiDocument {
    this.document ??= buildOpenApiDocument(this.registry.routes(), { version: ADMIN_API_VERSION });
    return this.document;
  }
}
