import { applyDecorators, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { setApiRouteOptions } from './route-metadata.js';
import type { ApiRouteOptions, HttpMethod } from './route-spec.js';

const nestMapping: { readonly [method in HttpMethod]: (path?: string) => MethodDecorator } = {
  GET: Get,
  POST: Post,
  PUT: Put,
  PATCH: Patch,
  DELETE: Delete,
};

/**
 * Declares a route: Nest's mapping and status code, plus what the OpenAPI document and
 * the response serializer need (summary, operation id, response schema).
 */
export function ApiRoute(options: ApiRouteOptions): MethodDecorator {
  const record: MethodDecorator = (_target, _key, descriptor) => {
    if (typeof descriptor.value !== 'function') throw new Error('@ApiRoute belongs on a method');
    setApiRouteOptions(descriptor.value, options);
  };
  return applyDecorators(
    nestMapping[options.method](options.path ?? ''),
    HttpCode(options.status ?? 200),
    record,
  );
}
