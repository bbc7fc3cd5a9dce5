import type { AuditFilter } from '@gatehouse/contracts';
import { useEffect, useRef } from 'react';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { Table, TBody, Td, Th, THead, Tr } from '../../../components/ui/table';
import { formatDateTime } from '../../../lib/format';
import { useAuditEvents } from '../api/get-audit-events';

const statusTone = {
  ok: 'success',
  error: 'danger',
  refused: 'warning',
  rate_limited: 'warning',
} as const;

/** Search results with infinite scroll (a sentinel row loads the next page when it shows). */
export function AuditEvents({ filter }: { readonly filter: AuditFilter }) {
  const events = useAuditEvents(filter, true);
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = events;

  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage)
        void fetchNextPage();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (events.isPending) return <LoadingState />;
  if (events.isError)
    return <ErrorState error={events.error} onRetry={() => void events.refetch()} />;
  const rows = events.data.pages.flatMap((page) => page.items);
  if (rows.length === 0)
    return (
      <EmptyState title="No audit events match">Widen the time range or clear a filter.</EmptyState>
    );
  return (
    <>
      <Table aria-label="Audit events" data-testid="audit-results">
        <THead>
          <Tr>
            <Th>When</Th>
            <Th>Kind</Th>
            <Th>Tool / action</Th>
            <Th>Status</Th>
            <Th>Client</Th>
            <Th>Latency</Th>
          </Tr>
        </THead>
        <TBody>
          {rows.map((event) => (
            <Tr key={event.id}>
              <Td className="whitespace-nowrap">{formatDateTime(event.occurredAt)}</Td>
              <Td className="text-xs">{event.kind}</Td>
              <Td className="font-mono text-xs break-all">{event.toolName ?? event.action}</Td>
              <Td>
                <Badge tone={statusTone[event.status]}>{event.status}</Badge>
                {event.errorCode ? (
                  <div className="text-xs text-muted-foreground">{event.errorCode}</div>
                ) : null}
              </Td>
              <Td
                className="max-w-32 truncate font-mono text-xs"
                title={event.clientId ?? undefined}
              >
                {event.clientId ?? '—'}
              </Td>
              <Td className="whitespace-nowrap tabular-nums">{event.latencyMs} ms</Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      <div ref={sentinel} className="flex justify-center p-3">
        {hasNextPage ? (
          <Button
            variant="outline"
            size="sm"
            disabled={isFetchingNextPage}
            onClick={() => void fetchNextPage()}
          >
            {isFetchingNextPage ? 'Loading…' : 'Load more'}
          </Button>
        ) : (
          <span className="text-xs text-muted-foreground">End of results</span>
        )}
      </div>
    </>
  );
}
