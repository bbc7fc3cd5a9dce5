import { Inject } from '@nestjs/common';
import { adminIdentitySchema, READ_ROLES } from '@gatehouse/contracts';
import type { AdminIdentity } from '@gatehouse/contracts';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import type { AdminActor } from './admin-actor.js';
import { AdminTokenService } from './admin-token.service.js';
import { CurrentAdmin } from './change-context.decorator.js';
import { Roles } from './roles.decorator.js';

@ApiController({ path: 'auth', tag: 'Auth' })
export class AuthController {
  constructor(@Inject(AdminTokenService) private readonly tokens: AdminTokenService) {}

  @ApiRoute({
    method: 'GET',
    path: 'me',
    operationId: 'getCurrentAdmin',
    summary: 'The admin API token this request authenticated with',
    response: adminIdentitySchema,
  })
  @Roles(...READ_ROLES)
  me(@CurrentAdmin() actor: AdminActor): AdminIdentity {
    return this.tokens.identity(actor);
  }
}
