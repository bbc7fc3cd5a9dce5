import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateTenantBody, TenantResource } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';
import { tenantsQueryKey } from './get-tenants';

export function createTenant(body: CreateTenantBody): Promise<TenantResource> {
  return apiRequest<TenantResource>('/tenants', { method: 'POST', body });
}

export function useCreateTenant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTenant,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tenantsQueryKey }),
  });
}
