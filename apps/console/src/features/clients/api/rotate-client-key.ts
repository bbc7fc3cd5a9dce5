import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RotateClientKeyBody, RotatedClientKey } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';
import { clientKeysQueryKey } from './get-client-keys';

export function rotateClientKey(variables: {
  clientId: string;
  keyId: string;
  body: RotateClientKeyBody;
}): Promise<RotatedClientKey> {
  return apiRequest<RotatedClientKey>(
    `/clients/${variables.clientId}/keys/${variables.keyId}/rotate`,
    { method: 'POST', body: variables.body },
  );
}

export function useRotateClientKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: rotateClientKey,
    onSuccess: (_data, variables) =>
      queryClient.invalidateQueries({ queryKey: clientKeysQueryKey(variables.clientId) }),
  });
}
