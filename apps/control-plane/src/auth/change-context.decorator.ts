import { createParamDecorator } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain-error.js';
import type { ChangeContext } from '../config-history/change-context.js';
import type { AdminActor } from './admin-actor.js';

function actorOf(context: ExecutionContext): { request: FastifyRequest; actor: AdminActor } {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  // Only reachable on a @Public() route, where there is no actor by design.
  if (!request.adminActor)
    throw DomainError.unauthenticated('This route has no authenticated admin.');
  return { request, actor: request.adminActor };
}

/** The authenticated admin (set by AdminAuthGuard). */
export const CurrentAdmin = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AdminActor => {
    return actorOf(context).actor;
  },
);

/** Who is changing configuration in this request, for config history. */
export const ChangeCtx = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ChangeContext => {
    const { request, actor } = actorOf(context);
    const type = actor.kind === 'session' ? 'user' : 'admin_token';
    return { actor: { type, id: actor.tokenId }, requestId: request.id };
  },
);
