import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateClientKeyBody, IssuedClientKey } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';
import { clientKeysQueryKey } from './get-client-keys';

export function createClientKey(variables: {
  clientId: string;
  body: CreateClientKeyBody;
}): Promise<IssuedClientKey> {
  return apiRequest<IssuedClientKey>(`/clients/${variables.clientId}/keys`, {
    method: 'POST',
    body: variables.body,
  });
}

export function useCreateClientKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createClientKey,
    onSuccess: (_data, variables) =>
      queryClient.invalidateQueries({ queryKey: clientKeysQueryKey(variables.clientId) }),
  });
}
