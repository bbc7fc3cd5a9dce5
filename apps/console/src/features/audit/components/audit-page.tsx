import type { AuditFilter } from '@gatehouse/contracts';
import { useState } from 'react';
import { PageHeader } from '../../../components/page-header';
import { EmptyState } from '../../../components/states';
import { Card, CardContent, CardHeader, CardTitle } from '../../../components/ui/card';
import { usePermissions } from '../../auth/use-permissions';
import { AuditEvents } from './audit-events';
import { AuditExports } from './audit-exports';
import { AuditFilters } from './audit-filters';

export function AuditPage() {
  const { canAudit } = usePermissions();
  const [filter, setFilter] = useState<AuditFilter>({});
  if (!canAudit)
    return (
      <>
        <PageHeader title="Audit" />
        <Card>
          <EmptyState title="Audit events are for auditors and admins" />
        </Card>
      </>
    );
  return (
    <>
      <PageHeader
        title="Audit"
        description="Every tool call, refusal and admin change; exports come with a signed digest."
      />
      <Card className="mb-4">
        <CardContent className="pt-4">
          <AuditFilters onChange={setFilter} />
        </CardContent>
      </Card>
      <div className="grid gap-4 xl:grid-cols-[1fr_22rem]">
        <Card className="min-w-0">
          <AuditEvents filter={filter} />
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Exports</CardTitle>
          </CardHeader>
          <CardContent>
            <AuditExports filter={filter} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
