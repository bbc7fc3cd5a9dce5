import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-client';

/** An expired or ended session: back to the login page, to return here after. */
function signInAgainOn401(error: unknown): void {
  if (!(error instanceof ApiError) || error.status !== 401) return;
  if (window.location.pathname === '/login') return;
  const returnTo = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/login?returnTo=${encodeURIComponent(returnTo)}`);
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: signInAgainOn401 }),
  mutationCache: new MutationCache({ onError: signInAgainOn401 }),
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A 4xx will not get better by asking again.
      retry: (failures, error) =>
        !(error instanceof ApiError && error.status < 500) && failures < 2,
    },
  },
});
