import { ShieldCheck } from 'lucide-react';
import { useSession } from '../api/get-session';
import { buttonVariants } from '../../../components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '../../../components/ui/card';
import { ErrorState, LoadingState } from '../../../components/states';

/** Sign-in: one button that starts the OIDC flow at the control plane. */
export function LoginPage() {
  const session = useSession();
  const params = new URLSearchParams(window.location.search);
  const error = params.get('error');
  const returnTo = params.get('returnTo') ?? '/';
  const safeReturnTo = /^\/(?!\/)/.test(returnTo) ? returnTo : '/';
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <Card className="w-full max-w-sm">
        <CardHeader className="items-center text-center">
          <ShieldCheck className="h-10 w-10 text-primary" aria-hidden="true" />
          <CardTitle>
            <span className="text-xl">Gatehouse console</span>
          </CardTitle>
          <p className="text-sm text-muted-foreground">The MCP gateway&apos;s control plane</p>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          {error ? (
            <p role="alert" className="rounded-md bg-destructive/10 p-3 text-sm text-destructive">
              {error}
            </p>
          ) : null}
          {session.isPending ? <LoadingState /> : null}
          {session.isError ? (
            <ErrorState error={session.error} onRetry={() => void session.refetch()} />
          ) : null}
          {session.data?.ssoEnabled ? (
            <a
              className={buttonVariants({ className: 'w-full' })}
              href={`/api/v1/auth/login?returnTo=${encodeURIComponent(safeReturnTo)}`}
            >
              Sign in with SSO
            </a>
          ) : null}
          {session.data && !session.data.ssoEnabled ? (
            <p className="text-sm text-muted-foreground">
              Single sign-on is not configured on this control plane (set OIDC_ISSUER_URL and
              related variables). The admin API still accepts admin API tokens.
            </p>
          ) : null}
        </CardContent>
      </Card>
    </main>
  );
}
