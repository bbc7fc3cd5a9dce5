import { createReadStream } from 'node:fs';
import type { ReadStream } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import type {
  AuditExport,
  CreateAuditExport,
  SignedAuditExportManifest,
} from '@gatehouse/contracts';
import { DomainError } from '../common/errors/domain-error.js';
import { AuditExportRepository } from './audit-export.repository.js';
import { AuditWorker } from './audit-worker.js';

export type ExportDownload =
  | {
      readonly kind: 'file';
      readonly name: string;
      readonly format: 'csv' | 'jsonl';
      readonly stream: ReadStream;
    }
  | {
      readonly kind: 'manifest';
      readonly name: string;
      readonly manifest: SignedAuditExportManifest;
    };

/** Auditors' exports: start one (a job builds it), poll it, download the file or manifest. */
@Injectable()
export class AuditExportService {
  constructor(
    @Inject(AuditExportRepository) private readonly exports: AuditExportRepository,
    @Inject(AuditWorker) private readonly worker: AuditWorker,
  ) {}

  async create(query: CreateAuditExport, requestedBy: string): Promise<AuditExport> {
    const created = await this.exports.create(query, requestedBy);
    try {
      await this.worker.enqueueExport(created.id);
    } catch (error) {
      await this.exports.fail(created.id, 'the job queue (Redis) is unavailable');
      throw new DomainError(
        'unavailable',
        `The export could not be queued: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return created;
  }

  async get(id: string): Promise<AuditExport> {
    const stored = await this.exports.find(id);
    if (!stored) throw DomainError.notFound('audit export', id);
    return stored.view;
  }

  async download(id: string, part: 'file' | 'manifest'): Promise<ExportDownload> {
    const stored = await this.exports.find(id);
    if (!stored) throw DomainError.notFound('audit export', id);
    if (stored.view.status !== 'done' || !stored.filePath || !stored.manifest)
      throw DomainError.conflict(`Audit export ${id} is ${stored.view.status}, not done yet.`);
    const name = `audit-export-${id}.${stored.view.format}`;
    if (part === 'manifest')
      return { kind: 'manifest', name: `${name}.manifest.json`, manifest: stored.manifest };
    return {
      kind: 'file',
      name,
      format: stored.view.format,
      stream: createReadStream(stored.filePath),
    };
  }
}
