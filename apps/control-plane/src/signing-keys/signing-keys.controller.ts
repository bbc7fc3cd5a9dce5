import { Inject } from '@nestjs/common';
import { READ_ROLES, signingKeySetSchema } from '@gatehouse/contracts';
import type { SigningKeySet } from '@gatehouse/contracts';
import { Roles } from '../auth/roles.decorator.js';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import { SigningKeysService } from './signing-keys.service.js';

@ApiController({ path: 'signing-keys', tag: 'Signing keys' })
export class SigningKeysController {
  constructor(@Inject(SigningKeysService) private readonly keys: SigningKeysService) {}

  @ApiRoute({
    method: 'GET',
    operationId: 'listSigningKeys',
    summary: 'The public keys snapshots are signed with (JWKS)',
    description:
      "Save the response as a gateway node's `--trusted-keys` file. The first key signs new snapshots; during a rollover the previous key (and the next one, once announced) is listed too.",
    response: signingKeySetSchema,
  })
  @Roles(...READ_ROLES)
  list(): Promise<SigningKeySet> {
    return this.keys.jwks();
  }
}
