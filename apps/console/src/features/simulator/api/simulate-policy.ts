import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

/** `POST /api/v1/policy/simulate` (no contract in libs/contracts yet: the answer is shown as sent). */
export interface SimulateRequest {
  readonly fleetId: string;
  readonly client: string;
  readonly call: { readonly name: string; readonly arguments: Readonly<Record<string, unknown>> };
}

export function simulatePolicy(body: SimulateRequest): Promise<unknown> {
  return apiRequest<unknown>('/policy/simulate', { method: 'POST', body });
}

export function useSimulatePolicy() {
  return useMutation({ mutationFn: simulatePolicy });
}
