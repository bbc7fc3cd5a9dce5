import { queryOptions, useQuery } from '@tanstack/react-query';
import type { GatewayNodePage } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';

export function getFleetNodes(fleetId: string): Promise<GatewayNodePage> {
  return apiRequest<GatewayNodePage>(`/fleets/${fleetId}/nodes?limit=200`);
}

export function fleetNodesQueryKey(fleetId: string) {
  return ['fleets', fleetId, 'nodes'] as const;
}

export function fleetNodesQueryOptions(fleetId: string) {
  return queryOptions({
    queryKey: fleetNodesQueryKey(fleetId),
    queryFn: () => getFleetNodes(fleetId),
  });
}

export function useFleetNodes(fleetId: string) {
  return useQuery(fleetNodesQueryOptions(fleetId));
}
