import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { Badge } from '../../../components/ui/badge';
import { Table, TBody, Td, Th, THead, Tr } from '../../../components/ui/table';
import { formatDateTime } from '../../../lib/format';
import { useFleetNodes } from '../api/get-fleet-nodes';

const stateTone = { serving: 'success', degraded: 'warning', starting: 'info' } as const;

/** The gateway nodes of a fleet: health (state) and the snapshot version each enforces. */
export function FleetNodes({
  fleetId,
  currentVersion,
}: {
  readonly fleetId: string;
  readonly currentVersion: number | null;
}) {
  const nodes = useFleetNodes(fleetId);
  if (nodes.isPending) return <LoadingState />;
  if (nodes.isError) return <ErrorState error={nodes.error} onRetry={() => void nodes.refetch()} />;
  if (nodes.data.items.length === 0)
    return (
      <EmptyState title="No gateway nodes have reported">
        Start a node with a credential of this fleet.
      </EmptyState>
    );
  return (
    <Table>
      <THead>
        <Tr>
          <Th>Node</Th>
          <Th>State</Th>
          <Th>Snapshot</Th>
          <Th>Last error</Th>
          <Th>Started</Th>
        </Tr>
      </THead>
      <TBody>
        {nodes.data.items.map((node) => (
          <Tr key={node.id}>
            <Td>
              <div className="font-mono text-xs">{node.nodeId}</div>
              <div className="text-xs text-muted-foreground">{node.hostname ?? ''}</div>
            </Td>
            <Td>{node.state ? <Badge tone={stateTone[node.state]}>{node.state}</Badge> : '—'}</Td>
            <Td>
              {node.appliedVersion === null ? '—' : `v${node.appliedVersion}`}
              {currentVersion !== null &&
              node.appliedVersion !== null &&
              node.appliedVersion < currentVersion ? (
                <Badge tone="warning" className="ml-1">
                  behind
                </Badge>
              ) : null}
            </Td>
            <Td className="max-w-64 text-xs break-words">{node.lastError ?? '—'}</Td>
            <Td className="whitespace-nowrap">{formatDateTime(node.startedAt)}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
