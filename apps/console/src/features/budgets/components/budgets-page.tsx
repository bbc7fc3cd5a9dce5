import { useState } from 'react';
import { PageHeader } from '../../../components/page-header';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { Card, CardContent } from '../../../components/ui/card';
import { ApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { TenantPicker } from '../../clients/components/tenant-picker';
import { usePermissions } from '../../auth/use-permissions';
import { useTenantBudget } from '../api/get-tenant-budget';
import { BudgetEditor } from './budget-editor';

function show(value: unknown): string {
  if (value === null || value === undefined) return 'no limit';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function label(key: string): string {
  return key.replace(/([A-Z])/g, ' $1').toLowerCase();
}

export function BudgetsPage() {
  const [tenantId, setTenantId] = useState('');
  const budget = useTenantBudget(tenantId);
  const notSet = budget.error instanceof ApiError && budget.error.status === 404;
  const { canConfigure } = usePermissions();
  return (
    <>
      <PageHeader
        title="Budgets"
        description="A tenant's rate limits and daily call and cost budgets, enforced by every node."
      />
      <div className="mb-4">
        <TenantPicker value={tenantId} onChange={setTenantId} />
      </div>
      <Card>
        {tenantId === '' ? <EmptyState title="Choose a tenant" /> : null}
        {tenantId !== '' && budget.isPending ? <LoadingState /> : null}
        {notSet ? (
          <EmptyState title="No budget set">
            This tenant has no limits beyond the tools&apos; own.
          </EmptyState>
        ) : null}
        {budget.isError && !notSet ? (
          <ErrorState error={budget.error} onRetry={() => void budget.refetch()} />
        ) : null}
        {budget.data ? (
          <CardContent className="pt-4">
            <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
              {Object.entries(budget.data)
                .filter(([key]) => key !== 'tenantId' && key !== 'updatedAt')
                .map(([key, value]) => (
                  <div key={key}>
                    <dt className="text-xs text-muted-foreground">{label(key)}</dt>
                    <dd className="font-mono text-sm break-all">{show(value)}</dd>
                  </div>
                ))}
            </dl>
            <p className="mt-4 text-xs text-muted-foreground">
              Updated {formatDateTime(budget.data.updatedAt)}
            </p>
          </CardContent>
        ) : null}
      </Card>
      {canConfigure && tenantId !== '' && (budget.data || notSet) ? (
        <Card className="mt-4">
          <CardContent className="pt-4">
            <BudgetEditor tenantId={tenantId} budget={budget.data} />
          </CardContent>
        </Card>
      ) : null}
    </>
  );
}
