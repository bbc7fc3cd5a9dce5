import { Fragment, useState } from 'react';
import { PageHeader } from '../../../components/page-header';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { Card } from '../../../components/ui/card';
import { NativeSelect } from '../../../components/ui/input';
import { Label } from '../../../components/ui/label';
import { Table, TBody, Td, Th, THead, Tr } from '../../../components/ui/table';
import { formatDateTime } from '../../../lib/format';
import { SchemaDiff } from '../../tools/components/schema-diff';
import { useConfigHistory } from '../api/get-config-history';

const entityTypes = [
  '',
  'tenant',
  'client',
  'client_key',
  'scope',
  'upstream',
  'tool',
  'fleet',
  'tenant_budget',
  'admin_token',
];
const actionTone = { create: 'success', update: 'info', delete: 'danger' } as const;

export function HistoryPage() {
  const [entityType, setEntityType] = useState('');
  const history = useConfigHistory(entityType);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <PageHeader
        title="Config history"
        description="Every configuration change: who, when, and what changed."
      />
      <div className="mb-4 flex items-center gap-2">
        <Label htmlFor="entity-type">Entity</Label>
        <NativeSelect
          id="entity-type"
          className="w-48"
          value={entityType}
          onChange={(event) => setEntityType(event.target.value)}
        >
          {entityTypes.map((type) => (
            <option key={type} value={type}>
              {type === '' ? 'All' : type}
            </option>
          ))}
        </NativeSelect>
      </div>
      <Card>
        {history.isPending ? <LoadingState /> : null}
        {history.isError ? (
          <ErrorState error={history.error} onRetry={() => void history.refetch()} />
        ) : null}
        {history.data?.items.length === 0 ? <EmptyState title="No changes recorded" /> : null}
        {history.data && history.data.items.length > 0 ? (
          <Table>
            <THead>
              <Tr>
                <Th>When</Th>
                <Th>Who</Th>
                <Th>Entity</Th>
                <Th>Action</Th>
                <Th>
                  <span className="sr-only">Diff</span>
                </Th>
              </Tr>
            </THead>
            <TBody>
              {history.data.items.map((change) => (
                <Fragment key={change.id}>
                  <Tr>
                    <Td className="whitespace-nowrap">{formatDateTime(change.occurredAt)}</Td>
                    <Td className="text-xs">
                      {change.actor.type}:{change.actor.id.slice(0, 24)}
                    </Td>
                    <Td>
                      <span className="font-mono text-xs">{change.entityType}</span>
                    </Td>
                    <Td>
                      <Badge tone={actionTone[change.action]}>{change.action}</Badge>
                    </Td>
                    <Td className="text-right">
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-expanded={open === change.id}
                        onClick={() => setOpen(open === change.id ? null : change.id)}
                      >
                        {open === change.id ? 'Hide diff' : 'Show diff'}
                      </Button>
                    </Td>
                  </Tr>
                  {open === change.id ? (
                    <Tr>
                      <Td colSpan={5} className="bg-muted/40">
                        <SchemaDiff
                          before={change.before ?? undefined}
                          after={change.after ?? undefined}
                        />
                      </Td>
                    </Tr>
                  ) : null}
                </Fragment>
              ))}
            </TBody>
          </Table>
        ) : null}
      </Card>
    </>
  );
}
