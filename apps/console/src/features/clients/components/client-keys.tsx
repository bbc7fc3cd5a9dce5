import { useState } from 'react';
import { EmptyState, ErrorState, LoadingState, errorMessage } from '../../../components/states';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { Table, TBody, Td, Th, THead, Tr } from '../../../components/ui/table';
import { formatDateTime } from '../../../lib/format';
import { useCreateClientKey } from '../api/create-client-key';
import { useClientKeys } from '../api/get-client-keys';
import { useRevokeClientKey } from '../api/revoke-client-key';
import { useRotateClientKey } from '../api/rotate-client-key';
import { ShownOnceKey } from './shown-once-key';

const statusTone = { active: 'success', expired: 'warning', revoked: 'danger' } as const;

export function ClientKeys({
  clientId,
  canConfigure,
}: {
  readonly clientId: string;
  readonly canConfigure: boolean;
}) {
  const keys = useClientKeys(clientId);
  const create = useCreateClientKey();
  const rotate = useRotateClientKey();
  const revoke = useRevokeClientKey();
  const [secret, setSecret] = useState<string | null>(null);
  const failure = create.error ?? rotate.error ?? revoke.error;

  return (
    <section aria-labelledby={`keys-${clientId}`} className="flex flex-col gap-2">
      <div className="flex items-center justify-between gap-2">
        <h3 id={`keys-${clientId}`} className="font-medium">
          API keys
        </h3>
        {canConfigure ? (
          <Button
            size="sm"
            disabled={create.isPending}
            onClick={() =>
              create.mutate(
                { clientId, body: {} },
                { onSuccess: (issued) => setSecret(issued.key) },
              )
            }
          >
            New API key
          </Button>
        ) : null}
      </div>
      {failure ? (
        <p role="alert" className="text-sm text-destructive">
          {errorMessage(failure)}
        </p>
      ) : null}
      {keys.isPending ? <LoadingState /> : null}
      {keys.isError ? <ErrorState error={keys.error} onRetry={() => void keys.refetch()} /> : null}
      {keys.data?.items.length === 0 ? <EmptyState title="No API keys" /> : null}
      {keys.data && keys.data.items.length > 0 ? (
        <Table>
          <THead>
            <Tr>
              <Th>Prefix</Th>
              <Th>Status</Th>
              <Th>Created</Th>
              <Th>Last used</Th>
              {canConfigure ? (
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              ) : null}
            </Tr>
          </THead>
          <TBody>
            {keys.data.items.map((key) => (
              <Tr key={key.id}>
                <Td className="font-mono">{key.prefix}…</Td>
                <Td>
                  <Badge tone={statusTone[key.status]}>{key.status}</Badge>
                </Td>
                <Td className="whitespace-nowrap">{formatDateTime(key.createdAt)}</Td>
                <Td className="whitespace-nowrap">{formatDateTime(key.lastUsedAt)}</Td>
                {canConfigure ? (
                  <Td className="text-right whitespace-nowrap">
                    {key.status === 'active' ? (
                      <div className="flex justify-end gap-1">
                        <Button
                          size="sm"
                          variant="outline"
                          aria-label={`Rotate key ${key.prefix}`}
                          onClick={() =>
                            rotate.mutate(
                              { clientId, keyId: key.id, body: { gracePeriodSeconds: 0 } },
                              { onSuccess: (rotated) => setSecret(rotated.key) },
                            )
                          }
                        >
                          Rotate
                        </Button>
                        <Button
                          size="sm"
                          variant="destructive"
                          aria-label={`Revoke key ${key.prefix}`}
                          onClick={() => revoke.mutate({ clientId, keyId: key.id, body: {} })}
                        >
                          Revoke
                        </Button>
                      </div>
                    ) : null}
                  </Td>
                ) : null}
              </Tr>
            ))}
          </TBody>
        </Table>
      ) : null}
      <Dialog
        open={secret !== null}
        onOpenChange={(open) => !open && setSecret(null)}
        title="Your new API key"
      >
        {secret ? <ShownOnceKey secret={secret} onDone={() => setSecret(null)} /> : null}
      </Dialog>
    </section>
  );
}
