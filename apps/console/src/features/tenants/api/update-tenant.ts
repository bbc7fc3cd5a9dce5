import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TenantResource, UpdateTenantBody } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';
import { tenantsQueryKey } from './get-tenants';

export function updateTenant(id: string, body: UpdateTenantBody): Promise<TenantResource> {
  return apiRequest<TenantResource>(`/tenants/${id}`, { method: 'PATCH', body });
}

export function useUpdateTenant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateTenantBody }) => updateTenant(id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tenantsQueryKey }),
  });
}
