import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ConsoleSession } from '@gatehouse/contracts';
import { apiRequest, setCsrfToken } from '../../../lib/api-client';

export async function getSession(): Promise<ConsoleSession> {
  const session = await apiRequest<ConsoleSession>('/auth/session');
  setCsrfToken(session.csrfToken);
  return session;
}

export const sessionQueryKey = ['auth', 'session'] as const;

export function sessionQueryOptions() {
  return queryOptions({ queryKey: sessionQueryKey, queryFn: getSession, staleTime: 60_000 });
}

export function useSession() {
  return useQuery(sessionQueryOptions());
}
