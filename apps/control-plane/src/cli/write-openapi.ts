// Regenerates docs/openapi.json from the route registry and the contracts' zod schemas.
//   tsx --tsconfig apps/control-plane/tsconfig.json apps/control-plane/src/cli/write-openapi.ts [--check]
// --check exits 1 when the committed copy is stale instead of writing it.
import { readFile, writeFile } from 'node:fs/promises';
// Importing the application module defines every controller, which fills the registry.
import '../app/app.module.js';
import { routeRegistry } from '../common/api/route-registry.js';
import { committedOpenApiPath, renderOpenApiDocument } from '../openapi/openapi-file.js';

const rendered = renderOpenApiDocument(routeRegistry);
const committed = await readFile(committedOpenApiPath, 'utf8').catch(() => '');

if (process.argv.includes('--check')) {
  if (committed === rendered) {
    process.stdout.write(`${committedOpenApiPath} is up to date\n`);
  } else {
    process.stderr.write(`${committedOpenApiPath} is stale: run npm run openapi\n`);
    process.exitCode = 1;
  }
} else if (committed === rendered) {
  process.stdout.write(`${committedOpenApiPath} unchanged\n`);
} else {
  await writeFile(committedOpenApiPath, rendered);
  process.stdout.write(
    `wrote ${committedOpenApiPath} (${routeRegistry.routes().length} operations)\n`,
  );
}
