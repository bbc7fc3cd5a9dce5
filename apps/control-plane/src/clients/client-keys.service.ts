import { Inject, Injectable } from '@nestjs/common';
import type {
  ClientKeyPage,
  ClientKeyResource,
  ClientResource,
  CreateClientKeyBody,
  IssuedClientKey,
  ListClientKeysQuery,
  RevokeClientKeyBody,
  RotateClientKeyBody,
  RotatedClientKey,
} from '@gatehouse/contracts';
import { DomainError } from '../common/errors/domain-error.js';
import { decodeCursor, isUuid, pageOf } from '../common/pagination/cursor.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { ConfigHistoryService } from '../config-history/config-history.service.js';
import type { DbClient } from '../database/database.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { generateClientKey } from './client-key-format.js';
import { ClientKeysRepository } from './client-keys.repository.js';
import type { ClientKeyRecord } from './client-keys.repository.js';
import { ClientsRepository } from './clients.repository.js';

const entityType = 'client_credential';

function actorOf(context: ChangeContext): string {
  return `${context.actor.type}:${context.actor.id}`;
}

/** An `expiresAt` from a request: in the future, or a 400 naming the field. */
function futureDate(value: string | undefined, now: Date): Date | null {
  if (value === undefined) return null;
  const date = new Date(value);
  if (date <= now) {
    throw DomainError.validation([{ path: 'expiresAt', message: 'must be in the future' }]);
  }
  return date;
}

@Injectable()
export class ClientKeysService {
  constructor(
    @Inject(ClientKeysRepository) private readonly keys: ClientKeysRepository,
    @Inject(ClientsRepository) private readonly clients: ClientsRepository,
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(ConfigHistoryService) private readonly history: ConfigHistoryService,
  ) {}

  async list(clientId: string, query: ListClientKeysQuery): Promise<ClientKeyPage> {
    await this.existingClient(this.clients.findById(clientId), clientId);
    const afterId = query.cursor === undefined ? undefined : decodeCursor(query.cursor, isUuid);
    const rows = await this.keys.list(clientId, {
      afterId,
      take: query.limit + 1,
      now: new Date(),
    });
    return pageOf(rows, query.limit, (key) => key.id);
  }

  create(
    context: ChangeContext,
    clientId: string,
    body: CreateClientKeyBody,
  ): Promise<IssuedClientKey> {
    const now = new Date();
    const expiresAt = futureDate(body.expiresAt, now);
    return this.transactions.run(async (tx) => {
      const client = await this.existingClient(this.clients.findById(clientId, tx), clientId);
      const generated = generateClientKey();
      const created = await this.keys.create(
        tx,
        {
          clientId,
          keyPrefix: generated.lookupPrefix,
          keyHash: generated.hash,
          hashAlgorithm: generated.hashAlgorithm,
          label: body.label ?? null,
          createdBy: actorOf(context),
          expiresAt,
          rotatedFromId: null,
        },
        now,
      );
      await this.record(tx, context, client, 'create', null, created);
      return { key: generated.key, credential: created.resource };
    });
  }

  /**
   * A new key replacing `keyId`; the old one keeps working for the grace period (if any)
   * so that clients can switch over without an outage.
   */
  rotate(
    context: ChangeContext,
    clientId: string,
    keyId: string,
    body: RotateClientKeyBody,
  ): Promise<RotatedClientKey> {
    const now = new Date();
    const expiresAt = futureDate(body.expiresAt, now);
    return this.transactions.run(async (tx) => {
      const client = await this.existingClient(this.clients.findById(clientId, tx), clientId);
      const old = await this.lockKey(tx, clientId, keyId, now);
      if (old.rotatedToId) {
        throw DomainError.conflict(
          `Key ${keyId} was already rotated (replaced by key ${old.rotatedToId}); rotate that one instead.`,
        );
      }
      this.assertUsable(old, 'rotate');
      const generated = generateClientKey();
      const created = await this.keys.create(
        tx,
        {
          clientId,
          keyPrefix: generated.lookupPrefix,
          keyHash: generated.hash,
          hashAlgorithm: generated.hashAlgorithm,
          label: body.label ?? old.resource.label,
          createdBy: actorOf(context),
          expiresAt,
          rotatedFromId: keyId,
        },
        now,
      );
      const graceEnd = new Date(now.getTime() + body.gracePeriodSeconds * 1000);
      const oldExpiry = old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd;
      const previous = await this.keys.update(tx, keyId, { expiresAt: oldExpiry }, now);
      await this.record(tx, context, client, 'create', null, created);
      await this.record(tx, context, client, 'update', old, previous);
      return { key: generated.key, credential: created.resource, previous: previous.resource };
    });
  }

  revoke(
    context: ChangeContext,
    clientId: string,
    keyId: string,
    body: RevokeClientKeyBody,
  ): Promise<ClientKeyResource> {
    const now = new Date();
    return this.transactions.run(async (tx) => {
      const client = await this.existingClient(this.clients.findById(clientId, tx), clientId);
      const before = await this.lockKey(tx, clientId, keyId, now);
      if (before.revokedAt) {
        throw DomainError.conflict(
          `Key ${keyId} was already revoked on ${before.revokedAt.toISOString()}.`,
        );
      }
      const after = await this.keys.update(
        tx,
        keyId,
        { revokedAt: now, revokedReason: body.reason ?? null },
        now,
      );
      await this.record(tx, context, client, 'update', before, after);
      return after.resource;
    });
  }

  private assertUsable(key: ClientKeyRecord, action: string): void {
    if (key.resource.status === 'active') return;
    throw DomainError.conflict(
      `Key ${key.resource.id} is ${key.resource.status}; cannot ${action} it. Create a new key instead.`,
    );
  }

  private async existingClient(
    lookup: Promise<ClientResource | undefined>,
    clientId: string,
  ): Promise<ClientResource> {
    const client = await lookup;
    if (!client) throw DomainError.notFound('client', clientId);
    return client;
  }

  private async lockKey(
    tx: DbClient,
    clientId: string,
    keyId: string,
    now: Date,
  ): Promise<ClientKeyRecord> {
    const key = await this.keys.findByIdForUpdate(tx, keyId, now);
    if (key?.resource.clientId !== clientId) {
      throw new DomainError('not_found', `Client ${clientId} has no key with id ${keyId}.`);
    }
    return key;
  }

  private async record(
    tx: DbClient,
    context: ChangeContext,
    client: ClientResource,
    action: 'create' | 'update',
    before: ClientKeyRecord | null,
    after: ClientKeyRecord,
  ): Promise<void> {
    await this.history.record(tx, context, {
      entityType,
      entityId: after.resource.id,
      tenantId: client.tenantId,
      action,
      before: before?.resource ?? null,
      after: after.resource,
    });
  }
}
