import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ClientResource, CreateClientBody } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';
import { clientsQueryKey } from './get-clients';

export function createClient(variables: {
  tenantId: string;
  body: CreateClientBody;
}): Promise<ClientResource> {
  return apiRequest<ClientResource>(`/tenants/${variables.tenantId}/clients`, {
    method: 'POST',
    body: variables.body,
  });
}

export function useCreateClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createClient,
    onSuccess: (_data, variables) =>
      queryClient.invalidateQueries({ queryKey: clientsQueryKey(variables.tenantId) }),
  });
}
