import { useNavigate, useSearch } from '@tanstack/react-router';
import { ChevronDown, ChevronRight } from 'lucide-react';
import { useState } from 'react';
import { PageHeader } from '../../../components/page-header';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { Badge } from '../../../components/ui/badge';
import { Card } from '../../../components/ui/card';
import { usePermissions } from '../../auth/use-permissions';
import { useClients } from '../api/get-clients';
import { ClientKeys } from './client-keys';
import { ClientScopes } from './client-scopes';
import { CreateClientDialog } from './create-client-dialog';
import { TenantPicker } from './tenant-picker';

export function ClientsPage() {
  const search = useSearch({ from: '/shell/clients' });
  const navigate = useNavigate({ from: '/clients' });
  const tenantId = search.tenant ?? '';
  const clients = useClients(tenantId);
  const { canConfigure } = usePermissions();
  const [open, setOpen] = useState<string | null>(null);

  return (
    <>
      <PageHeader
        title="Clients & keys"
        description="Programs that call tools through the gateway, their API keys and scopes."
        actions={canConfigure ? <CreateClientDialog tenantId={tenantId} /> : undefined}
      />
      <div className="mb-4">
        <TenantPicker
          value={tenantId}
          onChange={(tenant) => void navigate({ search: { tenant: tenant || undefined } })}
        />
      </div>
      <Card>
        {tenantId === '' ? (
          <EmptyState title="Choose a tenant">Clients belong to a tenant.</EmptyState>
        ) : null}
        {tenantId !== '' && clients.isPending ? <LoadingState /> : null}
        {clients.isError ? (
          <ErrorState error={clients.error} onRetry={() => void clients.refetch()} />
        ) : null}
        {clients.data?.items.length === 0 ? (
          <EmptyState title="No clients in this tenant">
            {canConfigure
              ? 'Create a client, then give it an API key and scopes.'
              : 'An admin creates clients.'}
          </EmptyState>
        ) : null}
        <ul className="divide-y divide-border">
          {clients.data?.items.map((client) => {
            const expanded = open === client.id;
            return (
              <li key={client.id}>
                <button
                  type="button"
                  className="flex w-full items-center gap-3 px-4 py-3 text-left hover:bg-muted focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
                  aria-expanded={expanded}
                  aria-controls={`client-${client.id}`}
                  onClick={() => setOpen(expanded ? null : client.id)}
                >
                  {expanded ? (
                    <ChevronDown className="h-4 w-4" aria-hidden="true" />
                  ) : (
                    <ChevronRight className="h-4 w-4" aria-hidden="true" />
                  )}
                  <span className="font-mono font-medium">{client.name}</span>
                  <span className="hidden truncate text-sm text-muted-foreground sm:inline">
                    {client.description}
                  </span>
                  <Badge className="ml-auto" tone={client.enabled ? 'success' : 'neutral'}>
                    {client.enabled ? 'enabled' : 'disabled'}
                  </Badge>
                </button>
                {expanded ? (
                  <div
                    id={`client-${client.id}`}
                    className="grid gap-6 px-4 pb-4 lg:grid-cols-[2fr_1fr]"
                  >
                    <ClientKeys clientId={client.id} canConfigure={canConfigure} />
                    <ClientScopes clientId={client.id} canConfigure={canConfigure} />
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      </Card>
    </>
  );
}
