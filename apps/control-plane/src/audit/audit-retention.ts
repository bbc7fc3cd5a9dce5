import { Inject, Injectable, Logger } from '@nestjs/common';
import { DatabaseService } from '../database/database.service.js';
import { AUDIT_CONFIG } from './audit-config.js';
import type { AuditConfig } from './audit-config.js';

/**
 * Retention per tenant (AUDIT_TENANT_RETENTION_DAYS, else AUDIT_RETENTION_DAYS; 0 keeps
 * forever). Deletes the oldest links of each chain, up to the newest one stored before the
 * cutoff, so what stays is a contiguous suffix: verification then starts at the first kept
 * link and trusts its prev_hash (which an earlier export's manifest may still vouch for).
 */
@Injectable()
export class AuditRetention {
  private readonly logger = new Logger(AuditRetention.name);

  constructor(
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    @Inject(DatabaseService) private readonly database: DatabaseService,
  ) {}

  async apply(now: Date = new Date()): Promise<number> {
    const heads = await this.database.client.auditChainHead.findMany({ select: { chain: true } });
    let deleted = 0;
    for (const { chain } of heads) {
      const days = this.config.tenantRetentionDays.get(chain) ?? this.config.retentionDays;
      if (days <= 0) continue;
      const cutoff = new Date(now.getTime() - days * 86_400_000);
      const last = await this.database.client.auditEvent.aggregate({
        where: { chain, receivedAt: { lt: cutoff } },
        _max: { chainSeq: true },
      });
      const upTo = last._max.chainSeq;
      if (upTo === null) continue;
      const result = await this.database.client.auditEvent.deleteMany({
        where: { chain, chainSeq: { lte: upTo } },
      });
      deleted += result.count;
      if (result.count > 0)
        this.logger.log(`Retention (${days} d): deleted ${result.count} audit events of ${chain}`);
    }
    return deleted;
  }
}
