import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { DomainError } from '../errors/domain-error.js';
import type { InputLocation } from './route-spec.js';
import { apiIssuesOf } from './zod-issues.js';

const describe: { readonly [location in InputLocation]: string } = {
  body: 'request body',
  query: 'query string',
  params: 'path parameters',
};

/**
 * Validates one input of a request with its zod schema and hands the parsed value (with
 * defaults applied and strings coerced) to the handler. Failures become a 400
 * `validation_failed` naming each bad field.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly location: InputLocation,
  ) {}

  transform(value: unknown): z.output<S> {
    // Fastify hands over text bodies (text/plain) as strings: say what to send instead.
    if (this.location === 'body' && (typeof value === 'string' || Buffer.isBuffer(value))) {
      throw new DomainError(
        'malformed_request',
        'Send the body as JSON, with Content-Type: application/json.',
      );
    }
    // `reportInput` lets us tell a missing field from a wrongly typed one; the input
    // itself is never sent back.
    const result = this.schema.safeParse(value, { reportInput: true });
    if (result.success) return result.data;
    const issues = apiIssuesOf(result.error);
    if (value === undefined && this.location === 'body') {
      throw DomainError.validation(
        [{ path: '', message: 'a JSON body is required' }],
        'Invalid request body: a JSON body is required.',
      );
    }
    const summary = issues
      .map((issue) => (issue.path ? `${issue.path} ${issue.message}` : issue.message))
      .join('; ');
    throw DomainError.validation(issues, `Invalid ${describe[this.location]}: ${summary}.`);
  }
}
