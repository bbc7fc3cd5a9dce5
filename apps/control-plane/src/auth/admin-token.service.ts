import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AdminIdentity, AdminRole } from '@gatehouse/contracts';
import { DomainError } from '../common/errors/domain-error.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { ConfigHistoryService } from '../config-history/config-history.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { AdminActor } from './admin-actor.js';
import {
  ADMIN_TOKEN_PREFIX,
  generateAdminToken,
  hashesEqual,
  parseAdminToken,
} from './admin-token-format.js';
import { AdminTokenRepository } from './admin-token.repository.js';
import type { AdminTokenRecord } from './admin-token.repository.js';

export interface IssueAdminTokenRequest {
  readonly name: string;
  readonly role: AdminRole;
  readonly expiresAt: Date | null;
}

export interface IssuedAdminToken {
  /** The secret: shown once to the creator, never stored. */
  readonly token: string;
  readonly identity: AdminIdentity;
}

const howToAuthenticate = `Send an admin API token: "Authorization: Bearer ${ADMIN_TOKEN_PREFIX}..." (create one with the create-admin-token command).`;

function identityOf(record: AdminTokenRecord): AdminIdentity {
  return {
    tokenId: record.id,
    name: record.name,
    role: record.role,
    tokenPrefix: record.tokenPrefix,
    expiresAt: record.expiresAt?.toISOString() ?? null,
  };
}

@Injectable()
export class AdminTokenService {
  private readonly logger = new Logger(AdminTokenService.name);

  constructor(
    @Inject(AdminTokenRepository) private readonly tokens: AdminTokenRepository,
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(ConfigHistoryService) private readonly history: ConfigHistoryService,
  ) {}

  async issue(context: ChangeContext, request: IssueAdminTokenRequest): Promise<IssuedAdminToken> {
    const generated = generateAdminToken();
    return this.transactions.run(async (tx) => {
      const record = await this.tokens.create(tx, {
        name: request.name,
        role: request.role,
        tokenPrefix: generated.lookupPrefix,
        tokenHash: generated.hash,
        createdBy: `${context.actor.type}:${context.actor.id}`,
        expiresAt: request.expiresAt,
      });
      const identity = identityOf(record);
      await this.history.record(tx, context, {
        entityType: 'admin_token',
        entityId: record.id,
        tenantId: null,
        action: 'create',
        before: null,
        after: identity,
      });
      return { token: generated.token, identity };
    });
  }

  /** The actor behind an Authorization header; throws `unauthenticated` with the reason. */
  async authenticate(authorization: string | undefined, now = new Date()): Promise<AdminActor> {
    if (!authorization)
      throw DomainError.unauthenticated(`Authentication required. ${howToAuthenticate}`);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match?.[1])
      throw DomainError.unauthenticated(
        `The Authorization header must use the Bearer scheme. ${howToAuthenticate}`,
      );
    const parts = parseAdminToken(match[1]);
    if (!parts)
      throw DomainError.unauthenticated(
        `The bearer token is not a Gatehouse admin API token. ${howToAuthenticate}`,
      );
    const record = await this.tokens.findByPrefix(parts.lookupPrefix);
    if (!record || !hashesEqual(record.tokenHash, parts.hash)) {
      throw DomainError.unauthenticated('The admin API token is not known to this control plane.');
    }
    if (record.revokedAt) {
      throw DomainError.unauthenticated(
        `The admin API token "${record.name}" was revoked on ${record.revokedAt.toISOString()}.`,
      );
    }
    if (record.expiresAt && record.expiresAt <= now) {
      throw DomainError.unauthenticated(
        `The admin API token "${record.name}" expired on ${record.expiresAt.toISOString()}.`,
      );
    }
    // Bookkeeping only: a failure here must not fail the request.
    this.tokens.touchLastUsed(record.id, now).catch((error: unknown) => {
      this.logger.warn(
        `Could not record the last use of admin token ${record.id}: ${String(error)}`,
      );
    });
    return {
      tokenId: record.id,
      name: record.name,
      role: record.role,
      tokenPrefix: record.tokenPrefix,
      expiresAt: record.expiresAt,
    };
  }

  identity(actor: AdminActor): AdminIdentity {
    return {
      tokenId: actor.tokenId,
      name: actor.name,
      role: actor.role,
      tokenPrefix: actor.tokenPrefix,
      expiresAt: actor.expiresAt?.toISOString() ?? null,
    };
  }
}
