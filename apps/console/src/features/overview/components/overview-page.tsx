import { lazy, Suspense } from 'react';
import { PageHeader } from '../../../components/page-header';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { Card, CardContent, CardHeader, CardTitle } from '../../../components/ui/card';
import { ApiError } from '../../../lib/api-client';
import { formatNumber } from '../../../lib/format';
import { usePermissions } from '../../auth/use-permissions';
import { FleetsHealth } from '../../fleets/components/fleets-health';
import { useAuditStats } from '../api/get-audit-stats';
import { summarise } from './traffic-summary';

const TrafficChart = lazy(() =>
  import('./traffic-chart').then((module) => ({ default: module.TrafficChart })),
);
const windowMinutes = 60;

function Stat({ label, value }: { readonly label: string; readonly value: string }) {
  return (
    <Card>
      <CardContent className="pt-4">
        <p className="text-xs font-medium text-muted-foreground uppercase">{label}</p>
        <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid={`stat-${label}`}>
          {value}
        </p>
      </CardContent>
    </Card>
  );
}

function Traffic() {
  const { canAudit } = usePermissions();
  const stats = useAuditStats(windowMinutes, canAudit);
  if (!canAudit)
    return (
      <EmptyState title="Traffic figures are for admins and auditors">
        They come from the audit trail.
      </EmptyState>
    );
  if (stats.isPending) return <LoadingState label="Loading traffic…" />;
  if (stats.isError) {
    if (stats.error instanceof ApiError && stats.error.status === 404)
      return (
        <EmptyState title="Traffic figures are not available">
          This control plane has no audit statistics API.
        </EmptyState>
      );
    return <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />;
  }
  const summary = summarise(stats.data.buckets, stats.data.minutes);
  return (
    <div className="flex flex-col gap-4">
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
        <Stat label="calls" value={formatNumber(summary.calls)} />
        <Stat label="calls/s" value={formatNumber(summary.callsPerSecond, 3)} />
        <Stat label="error rate" value={`${formatNumber(summary.errorRate * 100, 1)} %`} />
        <Stat
          label="p95"
          value={summary.p95LatencyMs === null ? '—' : `${formatNumber(summary.p95LatencyMs)} ms`}
        />
        <Stat label="rate-limited" value={formatNumber(summary.rateLimited)} />
        <Stat label="refused" value={formatNumber(summary.refused)} />
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Last {windowMinutes} minutes</CardTitle>
        </CardHeader>
        <CardContent>
          {summary.calls === 0 ? (
            <EmptyState title="No calls in this window">
              Calls through gateway nodes appear here within seconds.
            </EmptyState>
          ) : (
            <Suspense fallback={<LoadingState label="Loading chart…" />}>
              <TrafficChart buckets={stats.data.buckets} />
            </Suspense>
          )}
        </CardContent>
      </Card>
    </div>
  );
}

export function OverviewPage() {
  return (
    <>
      <PageHeader
        title="Overview"
        description="Live traffic through the gateway and the health of every node."
      />
      <section aria-labelledby="traffic" className="mb-6">
        <h2 id="traffic" className="sr-only">
          Traffic
        </h2>
        <Traffic />
      </section>
      <section aria-labelledby="nodes">
        <h2 id="nodes" className="mb-2 text-lg font-semibold">
          Gateway nodes
        </h2>
        <FleetsHealth />
      </section>
    </>
  );
}
