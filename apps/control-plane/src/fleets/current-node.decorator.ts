import { createParamDecorator } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain-error.js';
import type { NodePrincipal } from './node-principal.js';

/** The gateway node NodeAuthGuard authenticated. */
export const CurrentNode = createParamDecorator(
  (_data: unknown, context: ExecutionContext): NodePrincipal => {
    const node = context.switchToHttp().getRequest<FastifyRequest>().gatewayNode;
    // Only reachable on a route without NodeAuthGuard: a programming error.
    if (!node) throw DomainError.unauthenticated('This route has no authenticated gateway node.');
    return node;
  },
);
