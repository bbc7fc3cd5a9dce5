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

function page(path: string, load: Parameters<typeof lazyRouteComponent>[0], name: string) {
  return createRoute({
    getParentRoute: () => shellRoute,
    path,
    component: lazyRouteComponent(load, name),
    pendingComponent: () => <LoadingState />,
    errorComponent: ({ error }) => <ErrorState error={error} />,
  });
}

const pages = [
  page('/', () => import('../features/overview/components/overview-page'), 'OverviewPage'),
  page('/tenants', () => import('../features/tenants/components/tenants-page'), 'TenantsPage'),
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
  ),
  page('/tools', () => import('../features/tools/components/tools-page'), 'ToolsPage'),
  page('/scopes', () => import('../features/scopes/components/scopes-page'), 'ScopesPage'),
  page('/budgets', () => import('../features/budgets/components/budgets-page'), 'BudgetsPage'),
  page(
    '/simulator',
    () => import('../features/simulator/components/simulator-page'),
    'SimulatorPage',
  ),
  page('/audit', () => import('../features/audit/components/audit-page'), 'AuditPage'),
  page('/history', () => import('../features/history/components/history-page'), 'HistoryPage'),
  page('/fleets', () => import('../features/fleets/components/fleets-page'), 'FleetsPage'),
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
