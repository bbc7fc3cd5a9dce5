import type { ToolResource } from '@gatehouse/contracts';
import { ChevronDown, ChevronRight } from 'lucide-react';
import { Fragment, useState } from 'react';
import { PageHeader } from '../../../components/page-header';
import { EmptyState, ErrorState, LoadingState, errorMessage } from '../../../components/states';
import { Badge } from '../../../components/ui/badge';
import { Card } from '../../../components/ui/card';
import { NativeSelect } from '../../../components/ui/input';
import { Label } from '../../../components/ui/label';
import { Switch } from '../../../components/ui/switch';
import { Table, TBody, Td, Th, THead, Tr } from '../../../components/ui/table';
import { usePermissions } from '../../auth/use-permissions';
import { useUpstreams } from '../../upstreams/api/get-upstreams';
import { useUpstreamTools } from '../api/get-upstream-tools';
import { useUpdateTool } from '../api/update-tool';
import { ToolScopesEditor } from './tool-scopes-editor';
import { ToolVersions } from './tool-versions';

const tiers: readonly ToolResource['tier'][] = ['read_only', 'write_safe', 'dangerous'];
const tierTone = { read_only: 'success', write_safe: 'info', dangerous: 'danger' } as const;

export function ToolsPage() {
  const upstreams = useUpstreams();
  const [chosen, setChosen] = useState('');
  const upstreamId = chosen || upstreams.data?.items[0]?.id || '';
  const tools = useUpstreamTools(upstreamId);
  const update = useUpdateTool();
  const { canConfigure } = usePermissions();
  const [open, setOpen] = useState<string | null>(null);

  return (
    <>
      <PageHeader
        title="Tool catalog"
        description="Tools each upstream lists, with versions, tier and required scopes. New tools arrive disabled and dangerous."
      />
      <div className="mb-4 flex items-center gap-2">
        <Label htmlFor="upstream-picker">Upstream</Label>
        <NativeSelect
          id="upstream-picker"
          className="w-56"
          value={upstreamId}
          onChange={(event) => setChosen(event.target.value)}
        >
          {upstreams.data?.items.length === 0 ? <option value="">No upstreams</option> : null}
          {upstreams.data?.items.map((upstream) => (
            <option key={upstream.id} value={upstream.id}>
              {upstream.name}
            </option>
          ))}
        </NativeSelect>
      </div>
      {update.isError ? (
        <p role="alert" className="mb-2 text-sm text-destructive">
          {errorMessage(update.error)}
        </p>
      ) : null}
      <Card>
        {upstreams.isError ? <ErrorState error={upstreams.error} /> : null}
        {upstreamId === '' && upstreams.isSuccess ? (
          <EmptyState title="No upstream servers yet" />
        ) : null}
        {upstreamId !== '' && tools.isPending ? <LoadingState /> : null}
        {tools.isError ? (
          <ErrorState error={tools.error} onRetry={() => void tools.refetch()} />
        ) : null}
        {tools.data?.items.length === 0 ? (
          <EmptyState title="No tools catalogued">
            Introspect the upstream to read its tools/list.
          </EmptyState>
        ) : null}
        {tools.data && tools.data.items.length > 0 ? (
          <Table>
            <THead>
              <Tr>
                <Th>Tool</Th>
                <Th>Version</Th>
                <Th>Tier</Th>
                <Th>Scopes</Th>
                <Th>Enabled</Th>
              </Tr>
            </THead>
            <TBody>
              {tools.data.items.map((tool) => {
                const expanded = open === tool.id;
                return (
                  <Fragment key={tool.id}>
                    <Tr>
                      <Td>
                        <button
                          type="button"
                          className="flex items-center gap-1 font-mono font-medium hover:underline focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
                          aria-expanded={expanded}
                          onClick={() => setOpen(expanded ? null : tool.id)}
                        >
                          {expanded ? (
                            <ChevronDown className="h-4 w-4" aria-hidden="true" />
                          ) : (
                            <ChevronRight className="h-4 w-4" aria-hidden="true" />
                          )}
                          {tool.name}
                        </button>
                        {tool.removedAt ? <Badge tone="warning">removed upstream</Badge> : null}
                      </Td>
                      <Td>{tool.latestVersion ? `v${tool.latestVersion.version}` : '—'}</Td>
                      <Td>
                        {canConfigure ? (
                          <NativeSelect
                            aria-label={`Tier of ${tool.name}`}
                            className="w-36"
                            value={tool.tier}
                            onChange={(event) =>
                              update.mutate({
                                toolId: tool.id,
                                upstreamId,
                                body: { tier: event.target.value as ToolResource['tier'] },
                              })
                            }
                          >
                            {tiers.map((tier) => (
                              <option key={tier} value={tier}>
                                {tier}
                              </option>
                            ))}
                          </NativeSelect>
                        ) : (
                          <Badge tone={tierTone[tool.tier]}>{tool.tier}</Badge>
                        )}
                      </Td>
                      <Td>
                        <div className="flex flex-wrap gap-1">
                          {tool.requiredScopes.length === 0 ? (
                            <span className="text-muted-foreground">none</span>
                          ) : null}
                          {tool.requiredScopes.map((scope) => (
                            <Badge key={scope} tone="info">
                              {scope}
                            </Badge>
                          ))}
                        </div>
                      </Td>
                      <Td>
                        {canConfigure ? (
                          <Switch
                            label={`${tool.name} enabled`}
                            checked={tool.enabled}
                            disabled={update.isPending}
                            onCheckedChange={(enabled) =>
                              update.mutate({ toolId: tool.id, upstreamId, body: { enabled } })
                            }
                          />
                        ) : (
                          <Badge tone={tool.enabled ? 'success' : 'neutral'}>
                            {tool.enabled ? 'enabled' : 'disabled'}
                          </Badge>
                        )}
                      </Td>
                    </Tr>
                    {expanded ? (
                      <Tr>
                        <Td colSpan={5} className="bg-muted/40">
                          <div className="flex flex-col gap-4">
                            {canConfigure ? <ToolScopesEditor tool={tool} /> : null}
                            <ToolVersions toolId={tool.id} />
                          </div>
                        </Td>
                      </Tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </TBody>
          </Table>
        ) : null}
      </Card>
    </>
  );
}
