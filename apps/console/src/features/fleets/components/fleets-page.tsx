import { PageHeader } from '../../../components/page-header';
import { FleetsHealth } from './fleets-health';

export function FleetsPage() {
  return (
    <>
      <PageHeader
        title="Fleets"
        description="Gateway nodes sharing one signed snapshot, and the version each node enforces."
      />
      <FleetsHealth />
    </>
  );
}
