#!/usr/bin/env node
// Gatehouse's schema engine for Prisma: point PRISMA_SCHEMA_ENGINE_BINARY at this file.
// Prisma spawns it directly, so it is a plain executable that loads our TypeScript via tsx
// (which also maps the `.js` specifier to the `.ts` source).
// It must run on Node >= 22 (scripts/with-node24.sh puts Node 24 first on PATH).
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  // Two lines: the Prisma CLI skips the first line of an engine's stderr.
  const log = (level, message) =>
    `${JSON.stringify({ level, fields: { message }, target: 'schema_engine::logger' })}\n`;
  process.stderr.write(log('INFO', 'Gatehouse schema engine'));
  process.stderr.write(
    log(
      'ERROR',
      `The Gatehouse schema engine needs Node >= 22, not ${process.version}: run through scripts/with-node24.sh.`,
    ),
  );
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
const { runSchemaEngine } = await import('../src/schema-engine/main.js');
// Exit explicitly: the database pools would otherwise keep the process alive for a while.
process.exit(await runSchemaEngine(process.argv.slice(2)));
