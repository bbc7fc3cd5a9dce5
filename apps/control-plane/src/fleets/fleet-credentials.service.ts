import { Inject, Injectable } from '@nestjs/common';
import type {
  CreatedFleetCredential,
  CreateFleetCredentialBody,
  FleetCredentialPage,
  ListFleetCredentialsQuery,
} from '@gatehouse/contracts';
import { DomainError } from '../common/errors/domain-error.js';
import { decodeCursor, isUuid, pageOf } from '../common/pagination/cursor.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { ConfigHistoryService } from '../config-history/config-history.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { FleetCredentialsRepository } from './fleet-credentials.repository.js';
import { FleetsService } from './fleets.service.js';
import { generateNodeCredential } from './node-credential-format.js';

export const FLEET_CREDENTIAL_ENTITY = 'fleet_credential';

const dayMs = 24 * 3600 * 1000;

/** The credentials gateway nodes of a fleet pull snapshots with. */
@Injectable()
export class FleetCredentialsService {
  constructor(
    @Inject(FleetCredentialsRepository) private readonly credentials: FleetCredentialsRepository,
    @Inject(FleetsService) private readonly fleets: FleetsService,
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(ConfigHistoryService) private readonly history: ConfigHistoryService,
  ) {}

  async list(fleetId: string, query: ListFleetCredentialsQuery): Promise<FleetCredentialPage> {
    await this.fleets.assertExists(fleetId);
    const afterId = query.cursor === undefined ? undefined : decodeCursor(query.cursor, isUuid);
    const rows = await this.credentials.list(fleetId, { afterId, take: query.limit + 1 });
    return pageOf(rows, query.limit, (credential) => credential.id);
  }

  async create(
    context: ChangeContext,
    fleetId: string,
    body: CreateFleetCredentialBody,
    now = new Date(),
  ): Promise<CreatedFleetCredential> {
    await this.fleets.assertExists(fleetId);
    const generated = generateNodeCredential();
    return this.transactions.run(async (tx) => {
      const credential = await this.credentials.create(tx, {
        fleetId,
        label: body.label ?? null,
        keyPrefix: generated.lookupPrefix,
        keyHash: generated.hash,
        expiresAt:
          body.expiresInDays === undefined
            ? null
            : new Date(now.getTime() + body.expiresInDays * dayMs),
      });
      await this.history.record(tx, context, {
        entityType: FLEET_CREDENTIAL_ENTITY,
        entityId: credential.id,
        tenantId: null,
        action: 'create',
        before: null,
        after: credential,
      });
      return { credential, secret: generated.secret };
    });
  }

  /** Revoked at once: the next poll or heartbeat with it is refused. Idempotent. */
  revoke(context: ChangeContext, fleetId: string, credentialId: string): Promise<void> {
    return this.transactions.run(async (tx) => {
      const before = await this.credentials.findForUpdate(tx, fleetId, credentialId);
      if (!before)
        throw new DomainError(
          'not_found',
          `No credential with id ${credentialId} in fleet ${fleetId}.`,
        );
      if (before.revokedAt !== null) return;
      const after = await this.credentials.revoke(tx, credentialId, new Date());
      await this.history.record(tx, context, {
        entityType: FLEET_CREDENTIAL_ENTITY,
        entityId: credentialId,
        tenantId: null,
        action: 'update',
        before,
        after,
      });
    });
  }
}
