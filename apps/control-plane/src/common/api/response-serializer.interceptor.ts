import { Injectable, Logger } from '@nestjs/common';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Observable } from 'rxjs';
import { map } from 'rxjs';
import { DomainError } from '../errors/domain-error.js';
import { getApiRouteOptions } from './route-metadata.js';

/**
 * Passes every response body through its route's response schema: only documented
 * fields leave the process (a stray column never leaks), and a handler returning
 * something its contract does not allow is a 500 here, not a surprise for a client.
 */
@Injectable()
export class ResponseSerializerInterceptor implements NestInterceptor {
  private readonly logger = new Logger(ResponseSerializerInterceptor.name);

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const schema = getApiRouteOptions(context.getHandler())?.response;
    if (!schema) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        // A handler that wrote the reply itself (@Res(), e.g. /readyz) has nothing to serialise.
        if (reply.sent) return body;
        const result = schema.safeParse(body);
        if (result.success) return result.data;
        const where = `${context.getClass().name}.${context.getHandler().name}`;
        this.logger.error(
          `${where} returned a body its response schema rejects: ${result.error.message}`,
        );
        throw new DomainError(
          'internal',
          'The server produced an invalid response; this is a bug, please report it.',
        );
      }),
    );
  }
}
