import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { fleetIdSchema, parseGatewayConfig, snapshotVersionSchema } from '@gatehouse/contracts';
import { buildSnapshotEnvelope, readSigningKeyFile, signSnapshot } from '@gatehouse/signing';
import { ConfigSourceError } from '../config/config-source-error.js';
import { writeFileAtomically } from '../sync/atomic-file.js';
import { UsageError } from './parse-gateway-args.js';

export const SIGN_SNAPSHOT_USAGE = `Usage: gatehouse snapshot sign --signing-key FILE [--fleet ID] [--version N] [--out FILE] CONFIG

Signs a YAML/JSON gateway config as a snapshot (compact JWS), the format the control plane
serves, so a DB-less node can run it with --config FILE --trusted-keys PUBLIC-KEYS.
  --signing-key  the Ed25519 private key (PKCS#8 PEM or JWK), e.g. from gatehouse keys generate
  --fleet        the fleet the snapshot is for (default: local)
  --version      a positive integer above the version nodes run now (default: the current Unix
                 time in seconds, which grows with every signing)
  --out          where to write it (replaced atomically; default: stdout)
\${VAR} references in the config are resolved from this environment when signing: the signed
snapshot holds their values.`;

export interface SignSnapshotArgs {
  signingKey: string;
  fleetId: string;
  version: number;
  out?: string | undefined;
  config: string;
}

export function parseSignSnapshotArgs(argv: readonly string[], now = new Date()): SignSnapshotArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        'signing-key': { type: 'string' },
        fleet: { type: 'string' },
        version: { type: 'string' },
        out: { type: 'string', short: 'o' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('name exactly one CONFIG file to sign');
  if (values['signing-key'] === undefined) throw new UsageError('--signing-key FILE is required');
  const fleet = fleetIdSchema.safeParse(values.fleet ?? 'local');
  if (!fleet.success)
    throw new UsageError(`--fleet: ${fleet.error.issues[0]?.message ?? 'invalid'}`);
  const version = snapshotVersionSchema.safeParse(
    values.version === undefined ? Math.floor(now.getTime() / 1000) : Number(values.version),
  );
  if (!version.success) throw new UsageError('--version must be a positive integer');
  return {
    signingKey: values['signing-key'],
    fleetId: fleet.data,
    version: version.data,
    out: values.out,
    config: positionals[0] ?? '',
  };
}

/** Returns the JWS it wrote (to `out`, or for the caller to print). */
export async function signSnapshotCommand(
  args: SignSnapshotArgs,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const key = await readSigningKeyFile(args.signingKey).catch((error: unknown) => {
    throw new ConfigSourceError(`signing key ${args.signingKey}: ${(error as Error).message}`, {
      cause: error,
    });
  });
  let text: string;
  try {
    text = await readFile(args.config, 'utf8');
  } catch (error) {
    throw new ConfigSourceError(`cannot read ${args.config}: ${(error as Error).message}`);
  }
  const config = parseGatewayConfig(text, args.config, env);
  const envelope = buildSnapshotEnvelope({
    fleetId: args.fleetId,
    version: args.version,
    config,
  });
  const jws = await signSnapshot(envelope, key.privateKey, key.kid);
  if (args.out !== undefined) await writeFileAtomically(args.out, `${jws}\n`, { mode: 0o644 });
  return jws;
}
