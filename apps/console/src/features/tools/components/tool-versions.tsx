import { ErrorState, LoadingState } from '../../../components/states';
import { Badge } from '../../../components/ui/badge';
import { formatDateTime } from '../../../lib/format';
import { useTool } from '../api/get-tool';
import { SchemaDiff } from './schema-diff';

/** A tool's versions, newest first, each with its schema diff against the one before. */
export function ToolVersions({ toolId }: { readonly toolId: string }) {
  const tool = useTool(toolId);
  if (tool.isPending) return <LoadingState />;
  if (tool.isError) return <ErrorState error={tool.error} />;
  const versions = tool.data.versions;
  return (
    <ol className="flex flex-col gap-3">
      {versions.map((version, index) => (
        <li key={version.id} className="rounded-md border border-border p-3">
          <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
            <Badge tone="info">v{version.version}</Badge>
            {tool.data.pinnedVersionId === version.id ? <Badge tone="warning">pinned</Badge> : null}
            <span className="text-muted-foreground">
              first seen {formatDateTime(version.firstSeenAt)}
            </span>
            <code className="text-xs text-muted-foreground">{version.schemaHash.slice(0, 12)}</code>
          </div>
          {index < versions.length - 1 ? (
            <SchemaDiff before={versions[index + 1]?.inputSchema} after={version.inputSchema} />
          ) : (
            <p className="text-xs text-muted-foreground">First version.</p>
          )}
        </li>
      ))}
    </ol>
  );
}
