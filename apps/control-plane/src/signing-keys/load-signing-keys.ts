import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  generateSigningKey,
  importSigningKey,
  importTrustedKeys,
  readSigningKeyFile,
  SigningKeyError,
  writeSigningKeyFile,
} from '@gatehouse/signing';
import type { SigningKey, TrustedKey } from '@gatehouse/signing';

export interface SigningKeyFiles {
  /** The private key that signs new snapshots; generated and written here when missing. */
  readonly signingKeyFile: string;
  /** Earlier signing keys (public, or the old private key file itself). */
  readonly previousKeysFile: string | null;
  /** Public keys announced ahead of a rollover. */
  readonly trustedKeysFile: string | null;
}

export interface LoadedSigningKeys {
  readonly current: SigningKey;
  readonly previous: readonly TrustedKey[];
  readonly announced: readonly TrustedKey[];
  /** True when this call generated the signing key (nodes do not trust it yet). */
  readonly created: boolean;
  /** Things an operator should fix, e.g. a key file others can read. */
  readonly warnings: readonly string[];
}

/** A key file that cannot be used, named with the variable that points at it. */
export class SigningKeyFileError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SigningKeyFileError';
  }
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

async function readOrCreate(path: string): Promise<{ key: SigningKey; created: boolean }> {
  try {
    return { key: await readSigningKeyFile(path), created: false };
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  try {
    await writeSigningKeyFile(path, await generateSigningKey(), 'pem');
  } catch (error) {
    // Another control plane starting on the same volume wrote it first: use theirs.
    if (!isErrno(error, 'EEXIST')) throw error;
    return { key: await readSigningKeyFile(path), created: false };
  }
  // Read back, so what signs is exactly what the file holds (and stays non-extractable).
  return { key: await readSigningKeyFile(path), created: true };
}

/** Public keys from a PEM/JWK/JWKS file, or the public half of a private key file. */
async function readPublicKeys(path: string): Promise<TrustedKey[]> {
  const text = await readFile(path, 'utf8');
  try {
    return await importTrustedKeys(text);
  } catch (publicError) {
    if (!(publicError instanceof SigningKeyError)) throw publicError;
    try {
      const key = await importSigningKey(text);
      return [{ kid: key.kid, publicKey: key.publicKey }];
    } catch {
      throw publicError;
    }
  }
}

async function permissionWarning(path: string): Promise<string | undefined> {
  const { mode } = await stat(path);
  if ((mode & 0o077) === 0) return undefined;
  return `${path} can be read by other users (mode ${(mode & 0o777).toString(8)}): chmod 600 it`;
}

async function describing<T>(variable: string, path: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new SigningKeyFileError(`${variable} (${path}): ${detail.replace(`${path}: `, '')}`, {
      cause: error,
    });
  }
}

/**
 * The keys of this control plane: the one that signs, and the public keys it publishes
 * besides (earlier and announced ones) so nodes can be given all of them during a rollover.
 */
export async function loadSigningKeys(files: SigningKeyFiles): Promise<LoadedSigningKeys> {
  const { key: current, created } = await describing(
    'SNAPSHOT_SIGNING_KEY_FILE',
    files.signingKeyFile,
    () => readOrCreate(files.signingKeyFile),
  );
  const previousFile = files.previousKeysFile;
  const previous = previousFile
    ? await describing('SNAPSHOT_PREVIOUS_KEYS_FILE', previousFile, () =>
        readPublicKeys(previousFile),
      )
    : [];
  const announcedFile = files.trustedKeysFile;
  const announced = announcedFile
    ? await describing('SNAPSHOT_TRUSTED_KEYS_FILE', announcedFile, () =>
        readPublicKeys(announcedFile),
      )
    : [];
  const warning = await permissionWarning(files.signingKeyFile);
  return { current, previous, announced, created, warnings: warning ? [warning] : [] };
}
