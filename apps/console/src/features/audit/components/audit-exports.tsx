import { createAuditExportSchema } from '@gatehouse/contracts';
import type { AuditExportFormat, AuditFilter } from '@gatehouse/contracts';
import { useState } from 'react';
import { errorMessage } from '../../../components/states';
import { Badge } from '../../../components/ui/badge';
import { Button, buttonVariants } from '../../../components/ui/button';
import { NativeSelect } from '../../../components/ui/input';
import { Label } from '../../../components/ui/label';
import { formatDateTime } from '../../../lib/format';
import { validate } from '../../../lib/zod-form';
import { useCreateAuditExport } from '../api/create-audit-export';
import { auditExportDownloadUrl, useAuditExport } from '../api/get-audit-export';

function ExportRow({ id }: { readonly id: string }) {
  const exported = useAuditExport(id);
  if (!exported.data)
    return <li className="text-sm text-muted-foreground">Export {id.slice(0, 8)}…</li>;
  const { status, progress, rowCount, format, createdAt, error } = exported.data;
  return (
    <li
      className="flex flex-col gap-2 rounded-md border border-border p-3 text-sm"
      data-testid="audit-export"
    >
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={status === 'done' ? 'success' : status === 'failed' ? 'danger' : 'info'}>
          {status}
        </Badge>
        <span className="font-mono text-xs">{format.toUpperCase()}</span>
        <span className="text-muted-foreground">{formatDateTime(createdAt)}</span>
        <span className="ml-auto tabular-nums">{rowCount} rows</span>
      </div>
      <progress
        className="h-2 w-full accent-primary"
        max={1}
        value={progress}
        aria-label={`Export progress ${Math.round(progress * 100)} %`}
      />
      {error ? <p className="text-destructive">{error}</p> : null}
      {status === 'done' ? (
        <div className="flex gap-2">
          <a
            className={buttonVariants({ size: 'sm' })}
            href={auditExportDownloadUrl(id, 'file')}
            download
          >
            Download {format.toUpperCase()}
          </a>
          <a
            className={buttonVariants({ size: 'sm', variant: 'outline' })}
            href={auditExportDownloadUrl(id, 'manifest')}
            download
          >
            Signed manifest
          </a>
        </div>
      ) : null}
    </li>
  );
}

/** Exports of the current filter (the last 24 hours unless it names a range). */
export function AuditExports({ filter }: { readonly filter: AuditFilter }) {
  const [format, setFormat] = useState<AuditExportFormat>('csv');
  const [ids, setIds] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const create = useCreateAuditExport();

  const start = () => {
    const to = filter.to ?? new Date().toISOString();
    const from = filter.from ?? new Date(Date.parse(to) - 24 * 3600 * 1000).toISOString();
    const result = validate(createAuditExportSchema, { ...filter, from, to, format });
    if (!result.ok) return setProblem(Object.values(result.errors).join('; '));
    setProblem(null);
    create.mutate(result.data, {
      onSuccess: (created) => setIds((current) => [created.id, ...current]),
    });
  };

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-2">
        <div className="flex flex-col gap-1">
          <Label htmlFor="export-format">Format</Label>
          <NativeSelect
            id="export-format"
            className="w-40"
            value={format}
            onChange={(event) => setFormat(event.target.value as AuditExportFormat)}
          >
            <option value="csv">CSV</option>
            <option value="jsonl">JSON Lines</option>
          </NativeSelect>
        </div>
        <Button onClick={start} disabled={create.isPending}>
          Export report
        </Button>
      </div>
      {(problem ?? create.error) ? (
        <p role="alert" className="text-sm text-destructive">
          {problem ?? errorMessage(create.error)}
        </p>
      ) : null}
      <ul className="flex flex-col gap-2" aria-label="Exports">
        {ids.map((id) => (
          <ExportRow key={id} id={id} />
        ))}
      </ul>
    </div>
  );
}
