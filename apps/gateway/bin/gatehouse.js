#!/usr/bin/env node
// The `gatehouse` command: checks the Node version, then runs the bundled gateway.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `gatehouse needs Node.js 24 or newer (this is ${process.version}); see README.md\n`,
  );
  process.exit(1);
}
await import('../dist/gatehouse.js');
