import { NativeSelect } from '../../../components/ui/input';
import { Label } from '../../../components/ui/label';
import { useTenants } from '../../tenants/api/get-tenants';

/** Chooses the tenant a page works on. */
export function TenantPicker({
  value,
  onChange,
}: {
  readonly value: string;
  readonly onChange: (tenantId: string) => void;
}) {
  const tenants = useTenants();
  return (
    <div className="flex items-center gap-2">
      <Label htmlFor="tenant-picker" className="whitespace-nowrap">
        Tenant
      </Label>
      <NativeSelect
        id="tenant-picker"
        className="w-56"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        disabled={!tenants.data}
      >
        <option value="">{tenants.isPending ? 'Loading…' : 'Choose a tenant'}</option>
        {tenants.data?.items.map((tenant) => (
          <option key={tenant.id} value={tenant.id}>
            {tenant.displayName} ({tenant.name})
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}
