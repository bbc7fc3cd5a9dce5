import { Link, Outlet } from '@tanstack/react-router';
import { LogOut, ShieldCheck } from 'lucide-react';
import { useSession } from '../../features/auth/api/get-session';
import { useLogout } from '../../features/auth/api/logout';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { navItems } from './nav-items';
import { ThemeToggle } from './theme-toggle';

const linkClass =
  'flex items-center gap-2 rounded-md px-3 py-2 text-sm whitespace-nowrap text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none';
const activeClass = 'bg-muted font-medium text-foreground';

/** The signed-in layout: navigation (a sidebar, a scrolling bar on small screens), user menu. */
export function AppShell() {
  const session = useSession();
  const logout = useLogout();
  const user = session.data?.user;
  return (
    <div className="relative min-h-screen md:grid md:grid-cols-[14rem_1fr]">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-card focus:p-2"
      >
        Skip to content
      </a>
      <aside className="border-b border-border bg-card md:border-r md:border-b-0">
        <div className="md:sticky md:top-0">
          <div className="flex items-center gap-2 px-4 py-3 font-semibold">
            <ShieldCheck className="h-5 w-5 text-primary" aria-hidden="true" />
            Gatehouse
          </div>
          <nav
            aria-label="Main"
            className="flex gap-1 overflow-x-auto px-2 pb-2 md:flex-col md:overflow-visible"
          >
            {navItems.map((item) => (
              <Link
                key={item.to}
                to={item.to}
                className={linkClass}
                activeProps={{ className: activeClass, 'aria-current': 'page' }}
                activeOptions={{ exact: item.to === '/' }}
              >
                <item.icon className="h-4 w-4 shrink-0" aria-hidden="true" />
                {item.label}
              </Link>
            ))}
          </nav>
        </div>
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="flex flex-wrap items-center justify-end gap-2 border-b border-border px-4 py-2">
          {user ? (
            <span className="mr-auto text-sm md:mr-0">
              <span className="font-medium">{user.name}</span>{' '}
              {session.data?.roles.map((role) => (
                <Badge key={role} tone="info" className="ml-1">
                  {role}
                </Badge>
              ))}
            </span>
          ) : null}
          <ThemeToggle />
          <Button
            variant="ghost"
            size="sm"
            onClick={() => logout.mutate()}
            disabled={logout.isPending}
          >
            <LogOut className="h-4 w-4" aria-hidden="true" />
            Sign out
          </Button>
        </header>
        <main id="main" className="min-w-0 flex-1 p-4 md:p-6">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
