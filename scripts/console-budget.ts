// Console bundle budget (npm run budget:console): builds apps/console, then prints the gzip size
// of the JavaScript a first visit loads (the entry and its modulepreloads, as index.html names
// them) and of each lazy chunk. Exits 1 when the initial JavaScript is over budget.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const budgetBytes = 300 * 1024;
const root = fileURLToPath(new URL('..', import.meta.url));
const consoleDir = join(root, 'apps/console');
const dist = join(consoleDir, 'dist');

const build = spawnSync(
  process.execPath,
  [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
  {
    cwd: consoleDir,
    stdio: 'inherit',
  },
);
if (build.status !== 0) process.exit(build.status ?? 1);

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = new Set(
  [
    ...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/([^"]+\.js)"/g),
  ].map((match) => match[1] ?? ''),
);
const gzipped = (file: string): number =>
  gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} kB`;

const chunks = readdirSync(join(dist, 'assets'))
  .filter((name) => name.endsWith('.js'))
  .map((name) => `assets/${name}`)
  .map((file) => ({ file, gzip: gzipped(file), initial: initial.has(file) }))
  .sort((a, b) => b.gzip - a.gzip);

const initialBytes = chunks
  .filter((chunk) => chunk.initial)
  .reduce((sum, chunk) => sum + chunk.gzip, 0);
const lazyBytes = chunks
  .filter((chunk) => !chunk.initial)
  .reduce((sum, chunk) => sum + chunk.gzip, 0);

process.stdout.write('Initial JavaScript (gzip):\n');
for (const chunk of chunks.filter((entry) => entry.initial))
  process.stdout.write(`  ${chunk.file.padEnd(48)} ${kb(chunk.gzip).padStart(10)}\n`);
process.stdout.write(
  `  ${'total'.padEnd(48)} ${kb(initialBytes).padStart(10)}  (budget ${kb(budgetBytes)})\n`,
);
process.stdout.write('Lazy chunks (gzip, loaded by the routes that need them):\n');
for (const chunk of chunks.filter((entry) => !entry.initial))
  process.stdout.write(`  ${chunk.file.padEnd(48)} ${kb(chunk.gzip).padStart(10)}\n`);
process.stdout.write(`  ${'total'.padEnd(48)} ${kb(lazyBytes).padStart(10)}\n`);

if (initialBytes > budgetBytes) {
  process.stderr.write(
    `over budget: initial JavaScript is ${kb(initialBytes)} gzip, the budget ${kb(budgetBytes)}\n`,
  );
  process.exit(1);
}
process.stdout.write(`within budget: ${kb(initialBytes)} of ${kb(budgetBytes)}\n`);
