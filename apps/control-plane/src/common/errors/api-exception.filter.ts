import { Catch, Logger } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { translatePrismaError } from '../../database/prisma-errors.js';
import { toApiError } from './to-api-error.js';

/**
 * The one place errors become HTTP answers: `{ error: { code, message, issues?, requestId } }`
 * with the status the error code maps to. Nest also routes Fastify's own request errors
 * (unparseable JSON, body too large) and unknown routes here, so every error looks alike.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.reply(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }

  private reply(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
    // A constraint error a repository did not translate still gets its proper 409/404.
    const { status, body, unexpected } = toApiError(translatePrismaError(exception), request.id);
    if (unexpected) {
      const detail =
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
      this.logger.error(
        `${request.method} ${request.url} failed (request ${request.id}): ${detail}`,
      );
    }
    // A handler that already answered (@Res()) cannot answer twice; the log line is all we can do.
    if (reply.sent) {
      if (!unexpected) {
        this.logger.error(
          `${request.method} ${request.url} failed after replying: ${String(exception)}`,
        );
      }
      return;
    }
    if (status === 401) reply.header('www-authenticate', 'Bearer realm="gatehouse-admin"');
    void reply.status(status).send(body);
  }
}
