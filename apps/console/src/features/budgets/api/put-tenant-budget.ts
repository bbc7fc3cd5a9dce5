import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TenantBudgetBody, TenantBudgetResource } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';
import { tenantBudgetQueryKey } from './get-tenant-budget';

export function putTenantBudget(variables: {
  tenantId: string;
  body: TenantBudgetBody;
}): Promise<TenantBudgetResource> {
  return apiRequest<TenantBudgetResource>(`/tenants/${variables.tenantId}/budget`, {
    method: 'PUT',
    body: variables.body,
  });
}

export function usePutTenantBudget() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: putTenantBudget,
    onSuccess: (_data, variables) =>
      queryClient.invalidateQueries({ queryKey: tenantBudgetQueryKey(variables.tenantId) }),
  });
}
