import { policySimulationBodySchema } from '@gatehouse/contracts';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { FormField } from '../../../components/form-field';
import { PageHeader } from '../../../components/page-header';
import { ErrorState, UnavailableState } from '../../../components/states';
import { Button } from '../../../components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '../../../components/ui/card';
import { Input, NativeSelect, Textarea } from '../../../components/ui/input';
import { ApiError } from '../../../lib/api-client';
import { validate } from '../../../lib/zod-form';
import type { FieldErrors } from '../../../lib/zod-form';
import { useFleets } from '../../fleets/api/get-fleets';
import { useSimulatePolicy } from '../api/simulate-policy';
import { SimulationResult } from './simulation-result';
import { formText } from '../../../lib/form-data';

function parseArguments(text: string): Record<string, unknown> | string {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
    return 'must be a JSON object';
  } catch (error) {
    return `not JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
}

export function SimulatorPage() {
  const fleets = useFleets();
  const simulate = useSimulatePolicy();
  const [argumentsError, setArgumentsError] = useState<string | undefined>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const noFleet = fleets.data?.items.length === 0;
  const unavailable = simulate.error instanceof ApiError && simulate.error.status === 404;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = parseArguments(formText(form, 'arguments'));
    if (typeof parsed === 'string') return setArgumentsError(parsed);
    setArgumentsError(undefined);
    const client = formText(form, 'client').trim();
    const result = validate(policySimulationBodySchema, {
      fleetId: formText(form, 'fleetId'),
      ...(client === '' ? {} : { client }),
      call: { name: formText(form, 'tool'), arguments: parsed },
    });
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    simulate.mutate(result.data);
  };

  return (
    <>
      <PageHeader
        title="Policy simulator"
        description="What would happen to this call? The same policy engine the gateway enforces with."
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Call</CardTitle>
          </CardHeader>
          <CardContent>
            <form className="flex flex-col gap-3" onSubmit={submit} noValidate>
              <FormField id="sim-fleet" label="Fleet" error={errors['fleetId']}>
                <NativeSelect id="sim-fleet" name="fleetId" required disabled={noFleet}>
                  {noFleet ? <option value="">No fleets yet</option> : null}
                  {fleets.data?.items.map((fleet) => (
                    <option key={fleet.id} value={fleet.id}>
                      {fleet.name}
                    </option>
                  ))}
                </NativeSelect>
              </FormField>
              <FormField
                id="sim-client"
                label="Client id (optional)"
                hint="Empty: an anonymous caller"
                error={errors['client']}
              >
                <Input id="sim-client" name="client" required />
              </FormField>
              <FormField
                id="sim-tool"
                label="Tool"
                hint="As clients see it (namespaced)"
                error={errors['call.name']}
              >
                <Input id="sim-tool" name="tool" required />
              </FormField>
              <FormField id="sim-arguments" label="Arguments (JSON)" error={argumentsError}>
                <Textarea
                  id="sim-arguments"
                  name="arguments"
                  defaultValue="{}"
                  aria-invalid={argumentsError !== undefined}
                />
              </FormField>
              <Button type="submit" disabled={simulate.isPending || noFleet}>
                Simulate
              </Button>
            </form>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Decision</CardTitle>
          </CardHeader>
          <CardContent>
            {unavailable ? (
              <UnavailableState title="The policy simulator is not available">
                This control plane does not offer POST /api/v1/policy/simulate yet.
              </UnavailableState>
            ) : null}
            {simulate.isError && !unavailable ? <ErrorState error={simulate.error} /> : null}
            {simulate.isIdle ? (
              <p className="text-sm text-muted-foreground">
                Run a simulation to see the decision and its rule trail.
              </p>
            ) : null}
            {simulate.data ? <SimulationResult result={simulate.data} /> : null}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
