import { Inject, Injectable } from '@nestjs/common';
import type {
  AuditChainReport,
  AuditEventPage,
  AuditStats,
  AuditStatsQuery,
  AuditVerifyReport,
  ListAuditEventsQuery,
  VerifyAuditQuery,
} from '@gatehouse/contracts';
import { decodeCursor, pageOf } from '../common/pagination/cursor.js';
import { ChainVerifier } from './audit-chain-verifier.js';
import { AuditQueryRepository } from './audit-query.repository.js';

const numericKey = (key: string): boolean => /^\d{1,19}$/.test(key);

/** The auditor's reads: search, per-minute stats, chain verification. */
@Injectable()
export class AuditService {
  constructor(@Inject(AuditQueryRepository) private readonly audit: AuditQueryRepository) {}

  async list(query: ListAuditEventsQuery): Promise<AuditEventPage> {
    const { limit, cursor, ...filter } = query;
    const beforeId = cursor === undefined ? undefined : BigInt(decodeCursor(cursor, numericKey));
    const rows = await this.audit.search(filter, limit + 1, beforeId);
    return pageOf(rows, limit, (row) => row.id);
  }

  async stats(query: AuditStatsQuery): Promise<AuditStats> {
    return { minutes: query.minutes, buckets: await this.audit.stats(query.minutes, query.tenant) };
  }

  async verify(query: VerifyAuditQuery): Promise<AuditVerifyReport> {
    const chains = query.tenant === undefined ? await this.audit.chains() : [query.tenant];
    const from = query.from === undefined ? undefined : new Date(query.from);
    const to = query.to === undefined ? undefined : new Date(query.to);
    const reports: AuditChainReport[] = [];
    for (const chain of chains) reports.push(await this.verifyChain(chain, from, to));
    return { ok: reports.every((report) => report.ok), chains: reports };
  }

  async verifyChain(chain: string, from?: Date, to?: Date): Promise<AuditChainReport> {
    const verifier = new ChainVerifier(chain);
    const links = this.audit.links(chain, from, to);
    let reachedEnd = false;
    for (;;) {
      const next = await links.next();
      if (next.done) {
        reachedEnd = next.value;
        break;
      }
      let intact = true;
      for (const link of next.value) {
        if (!verifier.check(link)) {
          intact = false;
          break;
        }
      }
      if (!intact) {
        await links.return(false);
        break;
      }
    }
    return verifier.report(await this.audit.head(chain), reachedEnd);
  }
}
