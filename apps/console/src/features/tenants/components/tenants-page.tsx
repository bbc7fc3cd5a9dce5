import { Link } from '@tanstack/react-router';
import { PageHeader } from '../../../components/page-header';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { Badge } from '../../../components/ui/badge';
import { Card } from '../../../components/ui/card';
import { Switch } from '../../../components/ui/switch';
import { Table, TBody, Td, Th, THead, Tr } from '../../../components/ui/table';
import { formatDateTime } from '../../../lib/format';
import { usePermissions } from '../../auth/use-permissions';
import { useTenants } from '../api/get-tenants';
import { useUpdateTenant } from '../api/update-tenant';
import { CreateTenantDialog } from './create-tenant-dialog';

export function TenantsPage() {
  const tenants = useTenants();
  const update = useUpdateTenant();
  const { canConfigure } = usePermissions();
  return (
    <>
      <PageHeader
        title="Tenants"
        description="Each tenant has its own clients, upstreams, scopes and budgets."
        actions={canConfigure ? <CreateTenantDialog /> : undefined}
      />
      <Card>
        {tenants.isPending ? <LoadingState /> : null}
        {tenants.isError ? (
          <ErrorState error={tenants.error} onRetry={() => void tenants.refetch()} />
        ) : null}
        {tenants.data?.items.length === 0 ? (
          <EmptyState title="No tenants yet">
            {canConfigure
              ? 'Create the first tenant to add clients and upstreams.'
              : 'An admin creates tenants.'}
          </EmptyState>
        ) : null}
        {tenants.data && tenants.data.items.length > 0 ? (
          <Table>
            <THead>
              <Tr>
                <Th>Name</Th>
                <Th>Display name</Th>
                <Th>Status</Th>
                <Th>Created</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </Tr>
            </THead>
            <TBody>
              {tenants.data.items.map((tenant) => (
                <Tr key={tenant.id}>
                  <Td className="font-mono">{tenant.name}</Td>
                  <Td>{tenant.displayName}</Td>
                  <Td>
                    <div className="flex items-center gap-2">
                      {canConfigure ? (
                        <Switch
                          label={`Tenant ${tenant.name} enabled`}
                          checked={tenant.enabled}
                          disabled={update.isPending}
                          onCheckedChange={(enabled) =>
                            update.mutate({ id: tenant.id, body: { enabled } })
                          }
                        />
                      ) : null}
                      <Badge tone={tenant.enabled ? 'success' : 'neutral'}>
                        {tenant.enabled ? 'enabled' : 'disabled'}
                      </Badge>
                    </div>
                  </Td>
                  <Td className="whitespace-nowrap">{formatDateTime(tenant.createdAt)}</Td>
                  <Td className="text-right">
                    <Link
                      to="/clients"
                      search={{ tenant: tenant.id }}
                      className="text-sm text-primary underline-offset-4 hover:underline"
                    >
                      Clients
                    </Link>
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        ) : null}
      </Card>
    </>
  );
}
