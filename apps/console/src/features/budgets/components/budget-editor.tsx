import { tenantBudgetBodySchema } from '@gatehouse/contracts';
import type { TenantBudgetResource } from '@gatehouse/contracts';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { FormField } from '../../../components/form-field';
import { errorMessage } from '../../../components/states';
import { Button } from '../../../components/ui/button';
import { Textarea } from '../../../components/ui/input';
import { formText } from '../../../lib/form-data';
import { validate } from '../../../lib/zod-form';
import { useDeleteTenantBudget } from '../api/delete-tenant-budget';
import { usePutTenantBudget } from '../api/put-tenant-budget';

function editable(budget: TenantBudgetResource | undefined): string {
  if (!budget) return '{\n  "requestsPerMinute": 600\n}';
  const { tenantId: _tenantId, updatedAt: _updatedAt, ...limits } = budget;
  const set = Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== null));
  return JSON.stringify(set, null, 2);
}

/** Sets a tenant's limits as JSON, validated with the shared contract before it is sent. */
export function BudgetEditor({
  tenantId,
  budget,
}: {
  readonly tenantId: string;
  readonly budget: TenantBudgetResource | undefined;
}) {
  const put = usePutTenantBudget();
  const remove = useDeleteTenantBudget();
  const [problem, setProblem] = useState<string | undefined>();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    let input: unknown;
    try {
      input = JSON.parse(formText(new FormData(event.currentTarget), 'limits'));
    } catch (error) {
      return setProblem(`not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    const result = validate(tenantBudgetBodySchema, input);
    if (!result.ok)
      return setProblem(
        Object.entries(result.errors)
          .map(([path, message]) => (path ? `${path}: ${message}` : message))
          .join('; '),
      );
    setProblem(undefined);
    put.mutate({ tenantId, body: result.data });
  };

  const failure = put.error ?? remove.error;
  return (
    <form className="flex flex-col gap-3" onSubmit={submit} noValidate>
      <FormField
        id="budget-limits"
        label="Limits (JSON)"
        error={problem}
        hint="Fields of PUT /tenants/{id}/budget; a field left out means no limit"
      >
        <Textarea
          key={budget?.updatedAt ?? 'none'}
          id="budget-limits"
          name="limits"
          defaultValue={editable(budget)}
          aria-invalid={problem !== undefined}
        />
      </FormField>
      {failure ? (
        <p role="alert" className="text-sm text-destructive">
          {errorMessage(failure)}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={put.isPending}>
          Save budget
        </Button>
        {budget ? (
          <Button
            variant="destructive"
            disabled={remove.isPending}
            onClick={() => remove.mutate({ tenantId })}
          >
            Remove budget
          </Button>
        ) : null}
      </div>
    </form>
  );
}
