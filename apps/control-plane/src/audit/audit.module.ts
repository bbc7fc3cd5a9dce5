import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ConfigHistoryModule } from '../config-history/config-history.module.js';
import { AuditAdminChanges } from './audit-admin-changes.js';
import { AuditLogins } from './audit-logins.js';
import { AUDIT_CONFIG, loadAuditConfig } from './audit-config.js';
import { AuditController } from './audit.controller.js';
import { AuditExportBuilder } from './audit-export-builder.js';
import { AuditExportRepository } from './audit-export.repository.js';
import { AuditExportService } from './audit-export.service.js';
import { AuditIngestRepository } from './audit-ingest.repository.js';
import { AuditProcessor } from './audit.processor.js';
import { AuditQueryRepository } from './audit-query.repository.js';
import { AuditRetention } from './audit-retention.js';
import { AuditService } from './audit.service.js';
import { AuditStreamConsumer } from './audit-stream-consumer.js';
import { AuditWorker } from './audit-worker.js';

/**
 * The audit trail: ingest from the gateway nodes' Redis stream (WORKER=true processes),
 * hash chains per tenant, search/stats/verify for auditors, exports as BullMQ jobs.
 */
@Module({
  imports: [ConfigHistoryModule, AuthModule],
  controllers: [AuditController],
  providers: [
    { provide: AUDIT_CONFIG, useFactory: () => loadAuditConfig() },
    AuditIngestRepository,
    AuditQueryRepository,
    AuditExportRepository,
    AuditService,
    AuditExportService,
    AuditExportBuilder,
    AuditRetention,
    AuditProcessor,
    AuditWorker,
    AuditStreamConsumer,
    AuditAdminChanges,
    AuditLogins,
  ],
  exports: [AuditIngestRepository],
})
export class AuditModule {}
