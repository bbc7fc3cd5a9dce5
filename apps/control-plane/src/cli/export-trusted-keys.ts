// Writes the public keys gateway nodes must trust (the same JWKS as GET /api/v1/signing-keys)
// to a file, for a node's --trusted-keys. Reads the control plane's key variables
// (SNAPSHOT_SIGNING_KEY_FILE, SNAPSHOT_PREVIOUS_KEYS_FILE, SNAPSHOT_TRUSTED_KEYS_FILE) and,
// like the control plane, creates the signing key when it does not exist yet.
//   tsx --tsconfig apps/control-plane/tsconfig.json apps/control-plane/src/cli/export-trusted-keys.ts \
//     --out trusted-keys.json [--format jwk|pem]
import { parseArgs } from 'node:util';
import { exportTrustedKeys, writeTrustedKeysFile } from '@gatehouse/signing';
import type { KeyFileFormat } from '@gatehouse/signing';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { loadSigningKeys, SigningKeyFileError } from '../signing-keys/load-signing-keys.js';
import { SigningKeysService } from '../signing-keys/signing-keys.service.js';

const usage = `Usage: export-trusted-keys [--out <file>] [--format jwk|pem]

Writes the public keys of this control plane's snapshot signing keys (current, previous and
announced) to <file>, or to stdout without --out: a gateway node's --trusted-keys file.
jwk (default) writes a JWKS, pem concatenated SPKI PEM blocks. The signing key is
SNAPSHOT_SIGNING_KEY_FILE, created when missing as the control plane would.`;

interface Options {
  readonly out: string | undefined;
  readonly format: KeyFileFormat;
}

function parseOptions(argv: string[]): Options | string {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      format: { type: 'string', default: 'jwk' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return usage;
  if (values.format !== 'jwk' && values.format !== 'pem')
    return `export-trusted-keys: --format must be jwk or pem (got "${values.format}")\n\n${usage}`;
  return { out: values.out, format: values.format };
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (typeof options === 'string') {
    const isHelp = options === usage;
    (isHelp ? process.stdout : process.stderr).write(`${options}\n`);
    return isHelp ? 0 : 64;
  }
  const config = loadConfig();
  const loaded = await loadSigningKeys(config.snapshots);
  if (loaded.created)
    process.stderr.write(
      `Generated a new snapshot signing key (kid ${loaded.current.kid}) at ${config.snapshots.signingKeyFile}\n`,
    );
  for (const warning of loaded.warnings) process.stderr.write(`warning: ${warning}\n`);
  const keys = new SigningKeysService(loaded).published;
  if (options.out === undefined) {
    process.stdout.write(await exportTrustedKeys(keys, options.format));
  } else {
    await writeTrustedKeysFile(options.out, keys, options.format);
    process.stderr.write(
      `Wrote ${keys.length} trusted key(s) to ${options.out}: ${keys.map((key) => key.kid).join(', ')}\n`,
    );
  }
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`export-trusted-keys: ${message}\n`);
  process.exitCode =
    error instanceof ConfigError ? 78 : error instanceof SigningKeyFileError ? 66 : 1;
}
