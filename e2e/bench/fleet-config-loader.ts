// The control plane's FleetConfigSourceRepository, loaded at run time. Its file (and the
// DatabaseService it injects) uses Nest's legacy parameter decorators, which only compile with
// the control plane's tsconfig (experimentalDecorators); a static import would pull them into
// the e2e typecheck. The benchmark runs under that tsconfig (tsx --tsconfig), so the real class
// is used; this interface is the part of it the benchmark calls.
import type { Prisma } from '@gatehouse/db';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the control plane exports no types
import type { FleetConfigSource } from '../../apps/control-plane/src/snapshots/fleet-config-source.js';

export interface FleetConfigLoader {
  load(tx: Prisma.TransactionClient, fleetId: string): Promise<FleetConfigSource>;
}

interface RepositoryModule {
  readonly FleetConfigSourceRepository: new (database: unknown) => FleetConfigLoader;
}

const repositoryModule = new URL(
  '../../apps/control-plane/src/snapshots/fleet-config-source.repository.js',
  import.meta.url,
).href;

/** The repository only queries through the transaction `load` is given: no DatabaseService. */
export async function fleetConfigLoader(): Promise<FleetConfigLoader> {
  const loaded = (await import(repositoryModule)) as RepositoryModule;
  return new loaded.FleetConfigSourceRepository({ client: null });
}
