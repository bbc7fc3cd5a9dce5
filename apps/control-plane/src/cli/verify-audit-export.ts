// Verifies a downloaded audit export offline: the manifest's Ed25519 signature against the
// control plane's published keys (GET /api/v1/signing-keys, or export-trusted-keys), and the
// file's SHA-256 and row count against the manifest. Needs no database, Redis or network.
//   tsx --tsconfig apps/control-plane/tsconfig.json apps/control-plane/src/cli/verify-audit-export.ts \
//     --file audit-export-<id>.jsonl --manifest audit-export-<id>.jsonl.manifest.json --keys trusted-keys.json
// Exit codes: 0 verified, 1 verification failed, 64 usage.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { importTrustedKeys } from '@gatehouse/signing';
import { verifyAuditExport } from '../audit/audit-export-verifier.js';

const usage = `Usage: verify-audit-export --file <export> --manifest <manifest.json> --keys <jwks or pem>`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      file: { type: 'string' },
      manifest: { type: 'string' },
      keys: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (!values.file || !values.manifest || !values.keys) {
    process.stderr.write(`${usage}\n`);
    return 64;
  }
  const keys = await importTrustedKeys(await readFile(values.keys, 'utf8'));
  const result = await verifyAuditExport(values.file, values.manifest, keys);
  const report = {
    ok: result.ok,
    rowCount: result.rowCount,
    sha256: result.sha256,
    manifest: result.manifest
      ? {
          exportId: result.manifest.exportId,
          rowCount: result.manifest.rowCount,
          range: result.manifest.range,
          filters: result.manifest.filters,
          chainHeads: result.manifest.chainHeads,
          kid: result.manifest.kid,
        }
      : null,
    problems: result.problems,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.stderr.write(
    result.ok
      ? `VERIFIED: ${result.rowCount} rows, sha256 ${result.sha256}, signed by ${result.manifest?.kid ?? '?'}\n`
      : `NOT VERIFIED: ${result.problems.join('; ')}\n`,
  );
  return result.ok ? 0 : 1;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(
    `verify-audit-export: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
}
