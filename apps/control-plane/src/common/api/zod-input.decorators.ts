import { Body, Param, Query } from '@nestjs/common';
import type { z } from 'zod';
import { addRouteInput } from './route-metadata.js';
import type { InputLocation } from './route-spec.js';
import { ZodValidationPipe } from './zod-validation.pipe.js';

type NestInputDecorator = (...pipes: ZodValidationPipe<z.ZodType>[]) => ParameterDecorator;

function zodInput(location: InputLocation, nestDecorator: NestInputDecorator) {
  return (schema: z.ZodType): ParameterDecorator =>
    (target, propertyKey, index) => {
      if (propertyKey === undefined)
        throw new Error(`@Zod${location} belongs on a route handler's parameter`);
      nestDecorator(new ZodValidationPipe(schema, location))(target, propertyKey, index);
      // Recorded on the handler so the OpenAPI document shows the very schema that validates.
      const handler: unknown = Reflect.get(target, propertyKey);
      if (typeof handler !== 'function')
        throw new Error(`@Zod${location} on ${String(propertyKey)}: not a method`);
      addRouteInput(handler, location, schema);
    };
}

/** The JSON body, validated (strict objects: unknown fields are a 400). */
export const ZodBody = zodInput('body', (...pipes) => Body(...pipes));
/** The query string, validated and coerced. */
export const ZodQuery = zodInput('query', (...pipes) => Query(...pipes));
/** The path parameters, validated. */
export const ZodParams = zodInput('params', (...pipes) => Param(...pipes));
