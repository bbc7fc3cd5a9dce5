import { createTenantBodySchema } from '@gatehouse/contracts';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { FormField } from '../../../components/form-field';
import { errorMessage } from '../../../components/states';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { Input } from '../../../components/ui/input';
import { apiFieldErrors, validate } from '../../../lib/zod-form';
import type { FieldErrors } from '../../../lib/zod-form';
import { useCreateTenant } from '../api/create-tenant';
import { formText } from '../../../lib/form-data';

export function CreateTenantDialog() {
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useCreateTenant();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = validate(createTenantBodySchema, {
      name: formText(form, 'name'),
      displayName: formText(form, 'displayName'),
    });
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    create.mutate(result.data, {
      onSuccess: () => setOpen(false),
      onError: (error) => setErrors(apiFieldErrors(error)),
    });
  };

  return (
    <>
      <Button onClick={() => setOpen(true)}>New tenant</Button>
      <Dialog open={open} onOpenChange={setOpen} title="New tenant">
        <form className="flex flex-col gap-4" onSubmit={submit} noValidate>
          <FormField
            id="tenant-name"
            label="Name"
            error={errors['name']}
            hint="A slug, e.g. acme-prod"
          >
            <Input
              id="tenant-name"
              name="name"
              aria-invalid={errors['name'] !== undefined}
              autoFocus
            />
          </FormField>
          <FormField id="tenant-display" label="Display name" error={errors['displayName']}>
            <Input
              id="tenant-display"
              name="displayName"
              aria-invalid={errors['displayName'] !== undefined}
            />
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
              Create tenant
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
