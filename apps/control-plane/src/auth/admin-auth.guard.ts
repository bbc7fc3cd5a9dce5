import { Inject, Injectable } from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AdminRole } from '@gatehouse/contracts';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain-error.js';
import { AdminTokenService } from './admin-token.service.js';
import { ConsoleSessionService } from './oidc/console-session.service.js';
import { IS_PUBLIC } from './public.decorator.js';
import { REQUIRED_ROLES } from './roles.decorator.js';

/**
 * The global guard: every route needs an admin API token unless it is marked @Public(),
 * and the token's role must be one the route's @Roles() names. A route that names no
 * role is refused to everyone (deny by default).
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AdminTokenService) private readonly tokens: AdminTokenService,
    @Inject(ConsoleSessionService) private readonly sessions: ConsoleSessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true)
      return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // A bearer token wins; without one, a console session cookie (with CSRF on mutations).
    const actor =
      (request.headers.authorization === undefined
        ? await this.sessions.authenticate(request)
        : null) ?? (await this.tokens.authenticate(request.headers.authorization));
    request.adminActor = actor;

    const roles =
      this.reflector.getAllAndOverride<readonly AdminRole[] | undefined>(REQUIRED_ROLES, targets) ??
      [];
    if (!(actor.roles ?? [actor.role]).some((role) => roles.includes(role))) {
      const needed =
        roles.length === 0 ? 'no role may call it' : `it needs the role ${roles.join(' or ')}`;
      const who =
        actor.kind === 'session'
          ? `The console user "${actor.name}" has the roles ${(actor.roles ?? []).join(', ') || '(none everywhere)'}`
          : `The admin API token "${actor.name}" has the role ${actor.role}`;
      throw DomainError.forbidden(`${who}, and ${needed}: ${request.method} ${request.url}.`);
    }
    return true;
  }
}
