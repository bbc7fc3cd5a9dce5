import { RefreshCw } from 'lucide-react';
import { PageHeader } from '../../../components/page-header';
import { EmptyState, ErrorState, LoadingState, errorMessage } from '../../../components/states';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { Card } from '../../../components/ui/card';
import { Table, TBody, Td, Th, THead, Tr } from '../../../components/ui/table';
import { formatDateTime } from '../../../lib/format';
import { usePermissions } from '../../auth/use-permissions';
import { useUpstreams } from '../api/get-upstreams';
import { useIntrospectUpstream } from '../api/introspect-upstream';

export function UpstreamsPage() {
  const upstreams = useUpstreams();
  const introspect = useIntrospectUpstream();
  const { canConfigure } = usePermissions();
  return (
    <>
      <PageHeader
        title="Upstream servers"
        description="MCP servers behind the gateway. Health is the outcome of the last introspection (tools/list)."
      />
      {introspect.isError ? (
        <p role="alert" className="mb-2 text-sm text-destructive">
          {errorMessage(introspect.error)}
        </p>
      ) : null}
      {introspect.isSuccess ? (
        <p role="status" className="mb-2 text-sm text-muted-foreground">
          Introspection {introspect.data.state}; the catalog updates when it finishes.
        </p>
      ) : null}
      <Card>
        {upstreams.isPending ? <LoadingState /> : null}
        {upstreams.isError ? (
          <ErrorState error={upstreams.error} onRetry={() => void upstreams.refetch()} />
        ) : null}
        {upstreams.data?.items.length === 0 ? <EmptyState title="No upstream servers yet" /> : null}
        {upstreams.data && upstreams.data.items.length > 0 ? (
          <Table>
            <THead>
              <Tr>
                <Th>Name</Th>
                <Th>Transport</Th>
                <Th>Health</Th>
                <Th>Last introspection</Th>
                {canConfigure ? (
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                ) : null}
              </Tr>
            </THead>
            <TBody>
              {upstreams.data.items.map((upstream) => {
                const health = !upstream.enabled
                  ? { tone: 'neutral' as const, label: 'disabled' }
                  : upstream.introspectionError
                    ? { tone: 'danger' as const, label: 'failing' }
                    : upstream.introspectedAt
                      ? { tone: 'success' as const, label: 'healthy' }
                      : { tone: 'warning' as const, label: 'not checked' };
                return (
                  <Tr key={upstream.id}>
                    <Td>
                      <div className="font-mono font-medium">{upstream.name}</div>
                      {upstream.description ? (
                        <div className="text-xs text-muted-foreground">{upstream.description}</div>
                      ) : null}
                    </Td>
                    <Td className="max-w-64">
                      <Badge>{upstream.transport.type}</Badge>{' '}
                      <span className="font-mono text-xs break-all text-muted-foreground">
                        {upstream.transport.type === 'stdio'
                          ? [upstream.transport.command, ...upstream.transport.args].join(' ')
                          : upstream.transport.url}
                      </span>
                    </Td>
                    <Td>
                      <Badge tone={health.tone}>{health.label}</Badge>
                      {upstream.introspectionError ? (
                        <div className="mt-1 max-w-64 text-xs break-words text-destructive">
                          {upstream.introspectionError}
                        </div>
                      ) : null}
                    </Td>
                    <Td className="whitespace-nowrap">{formatDateTime(upstream.introspectedAt)}</Td>
                    {canConfigure ? (
                      <Td className="text-right">
                        <Button
                          size="sm"
                          variant="outline"
                          disabled={introspect.isPending}
                          onClick={() => introspect.mutate({ upstreamId: upstream.id })}
                          aria-label={`Introspect ${upstream.name} now`}
                        >
                          <RefreshCw className="h-3 w-3" aria-hidden="true" />
                          Introspect now
                        </Button>
                      </Td>
                    ) : null}
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        ) : null}
      </Card>
    </>
  );
}
