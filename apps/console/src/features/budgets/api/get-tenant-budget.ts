import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TenantBudgetResource } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';

export function getTenantBudget(tenantId: string): Promise<TenantBudgetResource> {
  return apiRequest<TenantBudgetResource>(`/tenants/${tenantId}/budget`);
}

export function tenantBudgetQueryKey(tenantId: string) {
  return ['tenants', tenantId, 'budget'] as const;
}

export function tenantBudgetQueryOptions(tenantId: string) {
  return queryOptions({
    queryKey: tenantBudgetQueryKey(tenantId),
    queryFn: () => getTenantBudget(tenantId),
    enabled: tenantId !== '',
  });
}

export function useTenantBudget(tenantId: string) {
  return useQuery(tenantBudgetQueryOptions(tenantId));
}
