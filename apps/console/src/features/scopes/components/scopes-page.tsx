import { createScopeBodySchema } from '@gatehouse/contracts';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { FormField } from '../../../components/form-field';
import { PageHeader } from '../../../components/page-header';
import { EmptyState, ErrorState, LoadingState, errorMessage } from '../../../components/states';
import { Button } from '../../../components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '../../../components/ui/card';
import { Input } from '../../../components/ui/input';
import { Table, TBody, Td, Th, THead, Tr } from '../../../components/ui/table';
import { formatDateTime } from '../../../lib/format';
import { apiFieldErrors, validate } from '../../../lib/zod-form';
import type { FieldErrors } from '../../../lib/zod-form';
import { usePermissions } from '../../auth/use-permissions';
import { useCreateScope } from '../api/create-scope';
import { useScopes } from '../api/get-scopes';
import { formText } from '../../../lib/form-data';

function CreateScopeForm() {
  const create = useCreateScope();
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const description = formText(form, 'description').trim();
    const result = validate(createScopeBodySchema, {
      name: formText(form, 'name'),
      description: description === '' ? null : description,
    });
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    create.mutate(result.data, {
      onSuccess: () => formElement.reset(),
      onError: (error) => setErrors(apiFieldErrors(error)),
    });
  };
  return (
    <Card className="mb-4">
      <CardHeader>
        <CardTitle>New scope</CardTitle>
      </CardHeader>
      <CardContent>
        <form
          className="grid gap-3 sm:grid-cols-[1fr_2fr_auto] sm:items-end"
          onSubmit={submit}
          noValidate
        >
          <FormField id="scope-name" label="Name" error={errors['name']}>
            <Input
              id="scope-name"
              name="name"
              placeholder="calendar.read"
              aria-invalid={errors['name'] !== undefined}
            />
          </FormField>
          <FormField
            id="scope-description"
            label="Description (optional)"
            error={errors['description']}
          >
            <Input id="scope-description" name="description" />
          </FormField>
          <Button type="submit" disabled={create.isPending}>
            Create scope
          </Button>
        </form>
        {create.isError && Object.keys(errors).length === 0 ? (
          <p role="alert" className="mt-2 text-sm text-destructive">
            {errorMessage(create.error)}
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}

export function ScopesPage() {
  const scopes = useScopes();
  const { canConfigure } = usePermissions();
  return (
    <>
      <PageHeader
        title="Scopes"
        description="Permissions a client needs to call a tool; granted per client."
      />
      {canConfigure ? <CreateScopeForm /> : null}
      <Card>
        {scopes.isPending ? <LoadingState /> : null}
        {scopes.isError ? (
          <ErrorState error={scopes.error} onRetry={() => void scopes.refetch()} />
        ) : null}
        {scopes.data?.items.length === 0 ? <EmptyState title="No scopes yet" /> : null}
        {scopes.data && scopes.data.items.length > 0 ? (
          <Table>
            <THead>
              <Tr>
                <Th>Name</Th>
                <Th>Description</Th>
                <Th>Created</Th>
              </Tr>
            </THead>
            <TBody>
              {scopes.data.items.map((scope) => (
                <Tr key={scope.id}>
                  <Td className="font-mono">{scope.name}</Td>
                  <Td>{scope.description ?? '—'}</Td>
                  <Td className="whitespace-nowrap">{formatDateTime(scope.createdAt)}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        ) : null}
      </Card>
    </>
  );
}
