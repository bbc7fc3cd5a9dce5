import type { ToolResource } from '@gatehouse/contracts';
import { useState } from 'react';
import { errorMessage } from '../../../components/states';
import { Button } from '../../../components/ui/button';
import { useScopes } from '../../scopes/api/get-scopes';
import { useUpdateTool } from '../api/update-tool';

/** The scopes a client needs to call the tool (every one of them). */
export function ToolScopesEditor({ tool }: { readonly tool: ToolResource }) {
  const scopes = useScopes();
  const update = useUpdateTool();
  const [chosen, setChosen] = useState<readonly string[]>(tool.requiredScopes);
  const changed =
    chosen.length !== tool.requiredScopes.length ||
    chosen.some((scope) => !tool.requiredScopes.includes(scope));
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium">Required scopes</legend>
      {scopes.data?.items.length === 0 ? (
        <p className="text-sm text-muted-foreground">No scopes defined yet.</p>
      ) : null}
      <div className="flex flex-wrap gap-x-4 gap-y-2">
        {scopes.data?.items.map((scope) => (
          <label key={scope.id} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="h-4 w-4 accent-primary"
              checked={chosen.includes(scope.name)}
              onChange={(event) =>
                setChosen(
                  event.target.checked
                    ? [...chosen, scope.name]
                    : chosen.filter((name) => name !== scope.name),
                )
              }
            />
            <span className="font-mono">{scope.name}</span>
          </label>
        ))}
      </div>
      <div className="flex items-center gap-2">
        <Button
          size="sm"
          disabled={!changed || update.isPending}
          onClick={() =>
            update.mutate({
              toolId: tool.id,
              upstreamId: tool.upstreamId,
              body: { requiredScopes: [...chosen] },
            })
          }
        >
          Save scopes
        </Button>
        {update.isError ? (
          <span role="alert" className="text-sm text-destructive">
            {errorMessage(update.error)}
          </span>
        ) : null}
      </div>
    </fieldset>
  );
}
