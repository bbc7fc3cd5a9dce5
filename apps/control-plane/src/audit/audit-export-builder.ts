import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type {
  AuditExportManifest,
  AuditFilter,
  SignedAuditExportManifest,
} from '@gatehouse/contracts';
import { SigningKeysService } from '../signing-keys/signing-keys.service.js';
import { AUDIT_CONFIG } from './audit-config.js';
import type { AuditConfig } from './audit-config.js';
import { AuditExportRepository } from './audit-export.repository.js';
import { csvHeader, csvLine, jsonLine } from './audit-export-format.js';
import { AuditQueryRepository, recordOf } from './audit-query.repository.js';
import { canonicalJson } from './chain-hash.js';

const progressEvery = 5_000;
export const MANIFEST_TYP = 'gatehouse-audit-manifest+jws';

async function write(stream: WriteStream, text: string): Promise<void> {
  // Respect backpressure: the file is written as fast as the disk takes it, no faster.
  if (!stream.write(text)) await once(stream, 'drain');
}

/**
 * Writes one export: the rows matching its range and filters in storage order, read a batch
 * at a time (keyset cursor) and streamed to the file while its SHA-256 is computed, so memory
 * stays flat whatever the size; then the manifest, signed with the control plane's key.
 */
@Injectable()
export class AuditExportBuilder {
  private readonly logger = new Logger(AuditExportBuilder.name);

  constructor(
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    @Inject(AuditExportRepository) private readonly exports: AuditExportRepository,
    @Inject(AuditQueryRepository) private readonly audit: AuditQueryRepository,
    @Inject(SigningKeysService) private readonly keys: SigningKeysService,
  ) {}

  async build(exportId: string): Promise<void> {
    const stored = await this.exports.find(exportId);
    if (!stored) throw new Error(`no audit export ${exportId}`);
    const { query, format } = stored.view;
    const filter: AuditFilter = {
      from: query.from,
      to: query.to,
      tenant: query.tenant,
      client: query.client,
      tool: query.tool,
      status: query.status,
      kind: query.kind,
    };
    try {
      await this.exports.start(exportId, await this.audit.count(filter));
      await mkdir(this.config.exportDir, { recursive: true, mode: 0o700 });
      const fileName = `audit-export-${exportId}.${format}`;
      const filePath = join(this.config.exportDir, fileName);
      const partial = `${filePath}.partial`;
      const heads = await this.audit.heads(query.tenant);
      const stream = createWriteStream(partial, { mode: 0o600 });
      const hash = createHash('sha256');
      const put = async (text: string): Promise<void> => {
        hash.update(text);
        await write(stream, text);
      };
      let rowCount = 0;
      if (format === 'csv') await put(csvHeader());
      for await (const rows of this.audit.scan(filter)) {
        for (const row of rows) {
          const record = recordOf(row);
          await put(format === 'csv' ? csvLine(record) : jsonLine(record));
          rowCount += 1;
          if (rowCount % progressEvery === 0) await this.exports.progress(exportId, rowCount);
        }
      }
      stream.end();
      await once(stream, 'finish');
      await rename(partial, filePath);
      const sha256 = hash.digest('hex');
      const filters: Record<string, string> = {};
      for (const key of ['tenant', 'client', 'tool', 'status', 'kind'] as const) {
        const value = query[key];
        if (value !== undefined) filters[key] = value;
      }
      const manifest: AuditExportManifest = {
        v: 1,
        exportId,
        format,
        fileName,
        rowCount,
        sha256,
        range: { from: query.from, to: query.to },
        filters,
        chainHeads: heads,
        createdAt: new Date().toISOString(),
        kid: this.keys.currentKid,
      };
      const signed: SignedAuditExportManifest = {
        manifest,
        signature: await this.keys.signDocument(canonicalJson(manifest), MANIFEST_TYP),
      };
      await writeFile(`${filePath}.manifest.json`, `${JSON.stringify(signed, null, 2)}\n`, {
        mode: 0o600,
      });
      await this.exports.finish(exportId, { rowCount, filePath, sha256, manifest: signed });
      this.logger.log(`Audit export ${exportId}: ${rowCount} rows (${format}), sha256 ${sha256}`);
    } catch (error) {
      await this.exports.fail(exportId, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }
}
