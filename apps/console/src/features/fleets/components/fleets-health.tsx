import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { Badge } from '../../../components/ui/badge';
import { Card, CardContent, CardHeader, CardTitle } from '../../../components/ui/card';
import { formatDateTime } from '../../../lib/format';
import { useFleets } from '../api/get-fleets';
import { FleetNodes } from './fleet-nodes';

/** Every fleet with its snapshot version, build state and nodes. */
export function FleetsHealth() {
  const fleets = useFleets();
  if (fleets.isPending) return <LoadingState />;
  if (fleets.isError)
    return <ErrorState error={fleets.error} onRetry={() => void fleets.refetch()} />;
  if (fleets.data.items.length === 0)
    return (
      <Card>
        <EmptyState title="No fleets yet">
          A fleet groups gateway nodes that enforce one snapshot.
        </EmptyState>
      </Card>
    );
  return (
    <div className="flex flex-col gap-4">
      {fleets.data.items.map((fleet) => (
        <Card key={fleet.id}>
          <CardHeader>
            <CardTitle>
              <span className="font-mono">{fleet.name}</span>{' '}
              <Badge tone="info">
                {fleet.snapshotVersion === null
                  ? 'no snapshot'
                  : `snapshot v${fleet.snapshotVersion}`}
              </Badge>{' '}
              {fleet.lastBuildError ? <Badge tone="danger">build failing</Badge> : null}
            </CardTitle>
            <p className="text-xs text-muted-foreground">
              Last build {formatDateTime(fleet.lastBuildAt)}
              {fleet.lastBuildError ? ` — ${fleet.lastBuildError}` : ''}
            </p>
          </CardHeader>
          <CardContent>
            <FleetNodes fleetId={fleet.id} currentVersion={fleet.snapshotVersion} />
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
