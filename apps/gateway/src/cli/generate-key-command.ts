import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  exportTrustedKeys,
  generateSigningKey,
  writeSigningKeyFile,
  type KeyFileFormat,
} from '@gatehouse/signing';
import { ConfigSourceError } from '../config/config-source-error.js';
import { UsageError } from './parse-gateway-args.js';

export const GENERATE_KEY_USAGE = `Usage: gatehouse keys generate --out-dir DIR [--format pem|jwk]

Makes an Ed25519 key pair for signing snapshots: DIR/signing-key.<ext> (private, owner-only;
keep it where snapshots are signed) and DIR/public-key.<ext> (give it to nodes as
--trusted-keys; during a rotation, list the old and the new public key in one file).
Existing files are never overwritten.`;

export interface GenerateKeyArgs {
  outDir: string;
  format: KeyFileFormat;
}

export interface GeneratedKey {
  kid: string;
  signingKeyFile: string;
  publicKeyFile: string;
}

export function parseGenerateKeyArgs(argv: readonly string[]): GenerateKeyArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { 'out-dir': { type: 'string' }, format: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values['out-dir'] === undefined) throw new UsageError('--out-dir DIR is required');
  const format = values.format ?? 'pem';
  if (format !== 'pem' && format !== 'jwk') throw new UsageError('--format must be pem or jwk');
  return { outDir: values['out-dir'], format };
}

export async function generateKeyCommand(args: GenerateKeyArgs): Promise<GeneratedKey> {
  const extension = args.format === 'pem' ? 'pem' : 'json';
  await mkdir(args.outDir, { recursive: true, mode: 0o700 });
  const key = await generateSigningKey();
  const signingKeyFile = join(args.outDir, `signing-key.${extension}`);
  const publicKeyFile = join(args.outDir, `public-key.${extension}`);
  try {
    // Public first: if it is there already, no private key is left behind without its half.
    await writeFile(publicKeyFile, await exportTrustedKeys([key], args.format), { flag: 'wx' });
    await writeSigningKeyFile(signingKeyFile, key, args.format).catch(async (error: unknown) => {
      await rm(publicKeyFile, { force: true });
      throw error;
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ConfigSourceError(
        `${args.outDir} already holds a key pair; keys are never overwritten, use another --out-dir`,
        { cause: error },
      );
    }
    throw error;
  }
  return { kid: key.kid, signingKeyFile, publicKeyFile };
}
