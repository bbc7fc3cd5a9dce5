import { readFile, writeFile } from 'node:fs/promises';
import { exportSigningKey, exportTrustedKeys, type KeyFileFormat } from './key-export.js';
import { importSigningKey, importTrustedKeys } from './key-import.js';
import { SigningKeyError } from './signing-key-error.js';
import type { SigningKey, TrustedKey } from './signing-key.js';

export async function readSigningKeyFile(path: string): Promise<SigningKey> {
  return withPath(path, async () => importSigningKey(await readFile(path, 'utf8')));
}

export async function readTrustedKeysFile(path: string): Promise<TrustedKey[]> {
  return withPath(path, async () => importTrustedKeys(await readFile(path, 'utf8')));
}

/**
 * Owner-only, and never over an existing file: overwriting a signing key would orphan every
 * node that trusts it, so rotation writes a new file and retires the old one deliberately.
 */
export async function writeSigningKeyFile(
  path: string,
  key: SigningKey,
  format: KeyFileFormat,
): Promise<void> {
  await writeFile(path, await exportSigningKey(key, format), { mode: 0o600, flag: 'wx' });
}

export async function writeTrustedKeysFile(
  path: string,
  keys: readonly TrustedKey[],
  format: KeyFileFormat,
): Promise<void> {
  await writeFile(path, await exportTrustedKeys(keys, format));
}

async function withPath<T>(path: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof SigningKeyError)
      throw new SigningKeyError(`${path}: ${error.message}`, { cause: error });
    throw error;
  }
}
