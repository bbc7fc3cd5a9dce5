import { X } from 'lucide-react';
import { useState } from 'react';
import { ErrorState, LoadingState, errorMessage } from '../../../components/states';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { NativeSelect } from '../../../components/ui/input';
import { Label } from '../../../components/ui/label';
import { useScopes } from '../../scopes/api/get-scopes';
import { useClientScopes } from '../api/get-client-scopes';
import { useGrantClientScope } from '../api/grant-client-scope';
import { useRevokeClientScope } from '../api/revoke-client-scope';

export function ClientScopes({
  clientId,
  canConfigure,
}: {
  readonly clientId: string;
  readonly canConfigure: boolean;
}) {
  const grants = useClientScopes(clientId);
  const scopes = useScopes();
  const grant = useGrantClientScope();
  const revoke = useRevokeClientScope();
  const [choice, setChoice] = useState('');
  const granted = new Set(grants.data?.items.map((item) => item.scope));
  const available = scopes.data?.items.filter((scope) => !granted.has(scope.name)) ?? [];
  const failure = grant.error ?? revoke.error;

  return (
    <section aria-labelledby={`scopes-${clientId}`} className="flex flex-col gap-2">
      <h3 id={`scopes-${clientId}`} className="font-medium">
        Scopes
      </h3>
      {grants.isPending ? <LoadingState /> : null}
      {grants.isError ? <ErrorState error={grants.error} /> : null}
      {grants.data ? (
        <ul className="flex flex-wrap gap-2" aria-label="Granted scopes">
          {grants.data.items.length === 0 ? (
            <li className="text-sm text-muted-foreground">No scopes granted.</li>
          ) : null}
          {grants.data.items.map((item) => (
            <li key={item.scopeId}>
              <Badge tone="info" className="gap-1">
                {item.scope}
                {canConfigure ? (
                  <button
                    type="button"
                    aria-label={`Revoke scope ${item.scope}`}
                    className="rounded-full hover:bg-primary/20 focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
                    onClick={() => revoke.mutate({ clientId, scope: item.scope })}
                  >
                    <X className="h-3 w-3" aria-hidden="true" />
                  </button>
                ) : null}
              </Badge>
            </li>
          ))}
        </ul>
      ) : null}
      {canConfigure ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (choice !== '')
              grant.mutate({ clientId, scope: choice }, { onSuccess: () => setChoice('') });
          }}
        >
          <div className="flex flex-col gap-1">
            <Label htmlFor={`grant-${clientId}`}>Grant a scope</Label>
            <NativeSelect
              id={`grant-${clientId}`}
              className="w-56"
              value={choice}
              onChange={(event) => setChoice(event.target.value)}
            >
              <option value="">
                {available.length === 0 ? 'No other scopes' : 'Choose a scope'}
              </option>
              {available.map((scope) => (
                <option key={scope.id} value={scope.name}>
                  {scope.name}
                </option>
              ))}
            </NativeSelect>
          </div>
          <Button type="submit" size="sm" disabled={choice === '' || grant.isPending}>
            Grant
          </Button>
        </form>
      ) : null}
      {failure ? (
        <p role="alert" className="text-sm text-destructive">
          {errorMessage(failure)}
        </p>
      ) : null}
    </section>
  );
}
