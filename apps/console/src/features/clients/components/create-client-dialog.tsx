import { createClientBodySchema } from '@gatehouse/contracts';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { FormField } from '../../../components/form-field';
import { errorMessage } from '../../../components/states';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { Input } from '../../../components/ui/input';
import { apiFieldErrors, validate } from '../../../lib/zod-form';
import type { FieldErrors } from '../../../lib/zod-form';
import { useCreateClient } from '../api/create-client';
import { formText } from '../../../lib/form-data';

export function CreateClientDialog({ tenantId }: { readonly tenantId: string }) {
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useCreateClient();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const description = formText(form, 'description').trim();
    const result = validate(createClientBodySchema, {
      name: formText(form, 'name'),
      description: description === '' ? null : description,
    });
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    create.mutate(
      { tenantId, body: result.data },
      { onSuccess: () => setOpen(false), onError: (error) => setErrors(apiFieldErrors(error)) },
    );
  };

  return (
    <>
      <Button onClick={() => setOpen(true)} disabled={tenantId === ''}>
        New client
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title="New client"
        description="A program that calls MCP tools through the gateway."
      >
        <form className="flex flex-col gap-4" onSubmit={submit} noValidate>
          <FormField
            id="client-name"
            label="Name"
            error={errors['name']}
            hint="e.g. claude-desktop"
          >
            <Input
              id="client-name"
              name="name"
              aria-invalid={errors['name'] !== undefined}
              autoFocus
            />
          </FormField>
          <FormField
            id="client-description"
            label="Description (optional)"
            error={errors['description']}
          >
            <Input id="client-description" name="description" />
          </FormField>
          {create.isError && Object.keys(errors).length === 0 ? (
            <p role="alert" className="text-sm text-destructive">
              {errorMessage(create.error)}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending}>
              Create client
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
