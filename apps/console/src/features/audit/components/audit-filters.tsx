import type { AuditFilter } from '@gatehouse/contracts';
import type { FormEvent } from 'react';
import { FormField } from '../../../components/form-field';
import { Button } from '../../../components/ui/button';
import { Input, NativeSelect } from '../../../components/ui/input';

const statuses = ['', 'ok', 'error', 'refused', 'rate_limited'] as const;
const kinds = ['', 'tool_call', 'refusal', 'admin_change'] as const;

function isoOrUndefined(value: FormDataEntryValue | null): string | undefined {
  const text = typeof value === 'string' ? value : '';
  return text === '' ? undefined : new Date(text).toISOString();
}

function textOrUndefined(value: FormDataEntryValue | null): string | undefined {
  const text = (typeof value === 'string' ? value : '').trim();
  return text === '' ? undefined : text;
}

/** Search filters; submitting replaces the filter (and restarts the infinite list). */
export function AuditFilters({ onChange }: { readonly onChange: (filter: AuditFilter) => void }) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const status = textOrUndefined(form.get('status')) as AuditFilter['status'];
    const kind = textOrUndefined(form.get('kind')) as AuditFilter['kind'];
    onChange({
      from: isoOrUndefined(form.get('from')),
      to: isoOrUndefined(form.get('to')),
      tenant: textOrUndefined(form.get('tenant')),
      client: textOrUndefined(form.get('client')),
      tool: textOrUndefined(form.get('tool')),
      status,
      kind,
    });
  };
  return (
    <form
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4"
      onSubmit={submit}
      aria-label="Audit search filters"
    >
      <FormField id="audit-from" label="From">
        <Input id="audit-from" name="from" type="datetime-local" />
      </FormField>
      <FormField id="audit-to" label="To">
        <Input id="audit-to" name="to" type="datetime-local" />
      </FormField>
      <FormField id="audit-tenant" label="Tenant id">
        <Input id="audit-tenant" name="tenant" />
      </FormField>
      <FormField id="audit-client" label="Client id">
        <Input id="audit-client" name="client" />
      </FormField>
      <FormField id="audit-tool" label="Tool">
        <Input id="audit-tool" name="tool" />
      </FormField>
      <FormField id="audit-status" label="Status">
        <NativeSelect id="audit-status" name="status">
          {statuses.map((status) => (
            <option key={status} value={status}>
              {status === '' ? 'Any' : status}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <FormField id="audit-kind" label="Kind">
        <NativeSelect id="audit-kind" name="kind">
          {kinds.map((kind) => (
            <option key={kind} value={kind}>
              {kind === '' ? 'Any' : kind}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <div className="flex items-end">
        <Button type="submit" className="w-full">
          Search
        </Button>
      </div>
    </form>
  );
}
