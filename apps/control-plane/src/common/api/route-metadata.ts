import 'reflect-metadata';
import type { ApiRouteOptions, InputLocation, RouteInputs } from './route-spec.js';
import type { z } from 'zod';

// Metadata lives on the handler function itself, where Nest keeps its own route metadata.
const API_ROUTE = Symbol('gatehouse:api-route');
const ROUTE_INPUTS = Symbol('gatehouse:route-inputs');

type Handler = object;

export function setApiRouteOptions(handler: Handler, options: ApiRouteOptions): void {
  Reflect.defineMetadata(API_ROUTE, options, handler);
}

export function getApiRouteOptions(handler: Handler): ApiRouteOptions | undefined {
  return Reflect.getMetadata(API_ROUTE, handler) as ApiRouteOptions | undefined;
}

export function addRouteInput(handler: Handler, location: InputLocation, schema: z.ZodType): void {
  const inputs = getRouteInputs(handler);
  if (inputs[location])
    throw new Error(`A handler can validate its ${location} with one schema only`);
  Reflect.defineMetadata(ROUTE_INPUTS, { ...inputs, [location]: schema }, handler);
}

export function getRouteInputs(handler: Handler): RouteInputs {
  return (Reflect.getMetadata(ROUTE_INPUTS, handler) as RouteInputs | undefined) ?? {};
}
