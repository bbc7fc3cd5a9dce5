// Bundles the control plane (server and CLIs) into ESM files; npm dependencies stay
// external, workspace libs (contracts, db and its generated Prisma client) are inlined.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const external = Object.keys(rootPackage.dependencies ?? {}).flatMap((name) => [name, `${name}/*`]);

await build({
  entryPoints: {
    'control-plane': join(here, 'src', 'main.ts'),
    'create-admin-token': join(here, 'src', 'cli', 'create-admin-token.ts'),
    'export-trusted-keys': join(here, 'src', 'cli', 'export-trusted-keys.ts'),
  },
  outdir: join(here, 'dist'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  sourcemap: true,
  // Nest's decorators are the legacy kind: the project's tsconfig says so.
  tsconfig: join(here, 'tsconfig.json'),
  external,
  // Bundled CommonJS helpers (and the generated Prisma client) expect require/__dirname.
  banner: {
    js: "import { createRequire as __gatehouseCreateRequire } from 'node:module'; const require = __gatehouseCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
writeFileSync(join(here, 'dist', 'BUILD'), `built ${new Date().toISOString()}\n`);
