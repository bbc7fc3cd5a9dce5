import { rename, writeFile } from 'node:fs/promises';
import { expectSuccess, runTsEntry } from './run-command.js';

/** `gatehouse <args>` (apps/gateway/src/main.ts through tsx); throws unless it exits 0. */
export async function gatehouse(...args: string[]): Promise<string> {
  const result = await runTsEntry('apps/gateway/src/main.ts', args);
  return expectSuccess(`gatehouse ${args.slice(0, 2).join(' ')}`, result).stdout;
}

/** `gatehouse keys generate --out-dir DIR`: DIR/signing-key.pem and DIR/public-key.pem. */
export async function generateKeyPair(
  outDir: string,
): Promise<{ signingKey: string; publicKey: string }> {
  await gatehouse('keys', 'generate', '--out-dir', outDir);
  return { signingKey: `${outDir}/signing-key.pem`, publicKey: `${outDir}/public-key.pem` };
}

/** `gatehouse snapshot sign --out FILE CONFIG`: writes the compact JWS to `out`. */
export async function signSnapshot(options: {
  readonly signingKey: string;
  readonly fleetId: string;
  readonly version: number;
  readonly config: string;
  readonly out: string;
}): Promise<void> {
  await gatehouse(
    'snapshot',
    'sign',
    '--signing-key',
    options.signingKey,
    '--fleet',
    options.fleetId,
    '--version',
    String(options.version),
    '--out',
    options.out,
    options.config,
  );
}

/** Replaces `path` in one step (write aside, rename), as a deploy tool would. */
export async function replaceFile(path: string, text: string): Promise<void> {
  const aside = `${path}.${process.pid}.tmp`;
  await writeFile(aside, text);
  await rename(aside, path);
}
