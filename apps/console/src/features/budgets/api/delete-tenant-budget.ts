import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { tenantBudgetQueryKey } from './get-tenant-budget';

export function deleteTenantBudget(variables: { tenantId: string }): Promise<void> {
  return apiRequest<void>(`/tenants/${variables.tenantId}/budget`, { method: 'DELETE' });
}

export function useDeleteTenantBudget() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteTenantBudget,
    onSuccess: (_data, variables) =>
      queryClient.removeQueries({ queryKey: tenantBudgetQueryKey(variables.tenantId) }),
  });
}
