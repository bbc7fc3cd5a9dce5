import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ClientKeyResource, RevokeClientKeyBody } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';
import { clientKeysQueryKey } from './get-client-keys';

export function revokeClientKey(variables: {
  clientId: string;
  keyId: string;
  body: RevokeClientKeyBody;
}): Promise<ClientKeyResource> {
  return apiRequest<ClientKeyResource>(
    `/clients/${variables.clientId}/keys/${variables.keyId}/revoke`,
    { method: 'POST', body: variables.body },
  );
}

export function useRevokeClientKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeClientKey,
    onSuccess: (_data, variables) =>
      queryClient.invalidateQueries({ queryKey: clientKeysQueryKey(variables.clientId) }),
  });
}
