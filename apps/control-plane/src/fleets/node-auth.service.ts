import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error.js';
import { FleetCredentialsRepository } from './fleet-credentials.repository.js';
import {
  credentialHashesEqual,
  NODE_CREDENTIAL_PREFIX,
  parseNodeCredential,
} from './node-credential-format.js';
import type { NodePrincipal } from './node-principal.js';

const howToAuthenticate = `Send the fleet's node credential: "Authorization: Bearer ${NODE_CREDENTIAL_PREFIX}..." (an admin creates one with POST /api/v1/fleets/{id}/credentials).`;

/** Authenticates gateway nodes by their fleet credential; admin tokens do not work here. */
@Injectable()
export class NodeAuthService {
  private readonly logger = new Logger(NodeAuthService.name);

  constructor(
    @Inject(FleetCredentialsRepository) private readonly credentials: FleetCredentialsRepository,
  ) {}

  /**
   * The node behind an Authorization header, allowed to act for `fleetId`: `unauthenticated`
   * for a missing, unknown, revoked or expired credential, `forbidden` for another fleet's.
   */
  async authenticate(
    authorization: string | undefined,
    fleetId: string,
    now = new Date(),
  ): Promise<NodePrincipal> {
    if (!authorization)
      throw DomainError.unauthenticated(`Authentication required. ${howToAuthenticate}`);
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    if (!presented)
      throw DomainError.unauthenticated(
        `The Authorization header must use the Bearer scheme. ${howToAuthenticate}`,
      );
    const parts = parseNodeCredential(presented);
    if (!parts)
      throw DomainError.unauthenticated(
        `The bearer token is not a Gatehouse node credential. ${howToAuthenticate}`,
      );
    const record = await this.credentials.findByPrefix(parts.lookupPrefix);
    if (!record || !credentialHashesEqual(record.keyHash, parts.hash))
      throw DomainError.unauthenticated('The node credential is not known to this control plane.');
    if (record.revokedAt)
      throw DomainError.unauthenticated(
        `The node credential ${record.id} was revoked on ${record.revokedAt.toISOString()}.`,
      );
    if (record.expiresAt && record.expiresAt <= now)
      throw DomainError.unauthenticated(
        `The node credential ${record.id} expired on ${record.expiresAt.toISOString()}.`,
      );
    if (record.fleetId !== fleetId)
      throw DomainError.forbidden(
        `This node credential belongs to fleet ${record.fleetId}, not to fleet ${fleetId}.`,
      );
    // Bookkeeping only: a failure here must not fail the node's request.
    this.credentials.touchLastUsed(record.id, now).catch((error: unknown) => {
      this.logger.warn(
        `Could not record the last use of node credential ${record.id}: ${String(error)}`,
      );
    });
    return { fleetId: record.fleetId, credentialId: record.id };
  }
}
