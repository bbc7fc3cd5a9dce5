// Bundles the gateway into one ESM file; npm dependencies stay external, workspace libs are inlined.
import { build } from 'esbuild';
import { readFileSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const external = Object.keys(rootPackage.dependencies ?? {}).flatMap((name) => [name, `${name}/*`]);

await build({
  entryPoints: [join(here, 'src', 'main.ts')],
  outfile: join(here, 'dist', 'gatehouse.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  sourcemap: true,
  external,
  logLevel: 'warning',
});
mkdirSync(join(here, 'bin'), { recursive: true });
chmodSync(join(here, 'bin', 'gatehouse.js'), 0o755);
writeFileSync(join(here, 'dist', 'BUILD'), `built ${new Date().toISOString()}\n`);
