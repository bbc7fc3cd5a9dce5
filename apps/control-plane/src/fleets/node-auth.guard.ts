import { Inject, Injectable } from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { NodeAuthService } from './node-auth.service.js';
import './node-principal.js';

/**
 * Guards the node-facing routes (`/api/v1/fleets/:id/...` that gateway nodes call). They are
 * @Public() to the admin guard, which would otherwise demand an admin token: nodes hold a
 * fleet credential instead, and one fleet's credential opens no other fleet.
 */
@Injectable()
export class NodeAuthGuard implements CanActivate {
  constructor(@Inject(NodeAuthService) private readonly auth: NodeAuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context
      .switchToHttp()
      .getRequest<FastifyRequest<{ Params: { id?: string } }>>();
    request.gatewayNode = await this.auth.authenticate(
      request.headers.authorization,
      request.params.id ?? '',
    );
    return true;
  }
}
