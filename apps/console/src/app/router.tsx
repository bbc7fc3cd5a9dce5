import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { AppShell } from '../components/layout/app-shell';
import { ErrorState, LoadingState } from '../components/states';
import { sessionQueryOptions } from '../features/auth/api/get-session';
import { LoginPage } from '../features/auth/components/login-page';
import { fleetsQueryOptions } from '../features/fleets/api/get-fleets';
import { configHistoryQueryOptions } from '../features/history/api/get-config-history';
import { scopesQueryOptions } from '../features/scopes/api/get-scopes';
import { tenantsQueryOptions } from '../features/tenants/api/get-tenants';
import { upstreamsQueryOptions } from '../features/upstreams/api/get-upstreams';

export interface RouterContext {
  readonly queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({ component: Outlet });

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (search: Record<string, unknown>): { returnTo?: string; error?: string } => ({
    ...(typeof search['returnTo'] === 'string' ? { returnTo: search['returnTo'] } : {}),
    ...(typeof search['error'] === 'string' ? { error: search['error'] } : {}),
  }),
  component: LoginPage,
});

/** Every page but login: signed in or sent to /login with where to come back to. */
const shellRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'shell',
  component: AppShell,
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQueryOptions());
    if (!session.authenticated)
      // TanStack Router's redirect is thrown, by design.
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw redirect({ to: '/login', search: { returnTo: location.href } });
  },
  pendingComponent: () => <LoadingState />,
  errorComponent: ({ error }) => <ErrorState error={error} />,
});

type Prefetch = (queryClient: QueryClient) => Promise<unknown>;

/** A lazy page; `prefetch` starts its data while the page's chunk loads (not awaited). */
function page(
  path: string,
  load: Parameters<typeof lazyRouteComponent>[0],
  name: string,
  prefetch?: Prefetch,
) {
  return createRoute({
    getParentRoute: () => shellRoute,
    path,
    loader: ({ context }) => {
      if (prefetch) void prefetch(context.queryClient).catch(() => undefined);
    },
    component: lazyRouteComponent(load, name),
    pendingComponent: () => <LoadingState />,
    errorComponent: ({ error }) => <ErrorState error={error} />,
  });
}

const pages = [
  page(
    '/',
    () => import('../features/overview/components/overview-page'),
    'OverviewPage',
    (client) => client.prefetchQuery(fleetsQueryOptions()),
  ),
  page(
    '/tenants',
    () => import('../features/tenants/components/tenants-page'),
    'TenantsPage',
    (client) => client.prefetchQuery(tenantsQueryOptions()),
  ),
  createRoute({
    getParentRoute: () => shellRoute,
    path: '/clients',
    validateSearch: (search: Record<string, unknown>): { tenant?: string } =>
      typeof search['tenant'] === 'string' ? { tenant: search['tenant'] } : {},
    component: lazyRouteComponent(
      () => import('../features/clients/components/clients-page'),
      'ClientsPage',
    ),
    pendingComponent: () => <LoadingState />,
    errorComponent: ({ error }) => <ErrorState error={error} />,
  }),
  page(
    '/upstreams',
    () => import('../features/upstreams/components/upstreams-page'),
    'UpstreamsPage',
    (client) => client.prefetchQuery(upstreamsQueryOptions()),
  ),
  page(
    '/tools',
    () => import('../features/tools/components/tools-page'),
    'ToolsPage',
    (client) => client.prefetchQuery(upstreamsQueryOptions()),
  ),
  page(
    '/scopes',
    () => import('../features/scopes/components/scopes-page'),
    'ScopesPage',
    (client) => client.prefetchQuery(scopesQueryOptions()),
  ),
  page('/budgets', () => import('../features/budgets/components/budgets-page'), 'BudgetsPage'),
  page(
    '/simulator',
    () => import('../features/simulator/components/simulator-page'),
    'SimulatorPage',
  ),
  page('/audit', () => import('../features/audit/components/audit-page'), 'AuditPage'),
  page(
    '/history',
    () => import('../features/history/components/history-page'),
    'HistoryPage',
    (client) => client.prefetchQuery(configHistoryQueryOptions('')),
  ),
  page(
    '/fleets',
    () => import('../features/fleets/components/fleets-page'),
    'FleetsPage',
    (client) => client.prefetchQuery(fleetsQueryOptions()),
  ),
];

const routeTree = rootRoute.addChildren([loginRoute, shellRoute.addChildren(pages)]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    defaultPreloadStaleTime: 0,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
