import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readSigningKeyFile,
  readTrustedKeysFile,
  writeSigningKeyFile,
  writeTrustedKeysFile,
} from './key-files.js';
import { generateSigningKey, type SigningKey } from './signing-key.js';

let dir: string;
let key: SigningKey;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-signing-'));
  key = await generateSigningKey();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('key files', () => {
  it('round-trips a signing key as PEM and as JWK, owner-readable only', async () => {
    for (const format of ['pem', 'jwk'] as const) {
      const path = join(dir, `signing.${format}`);
      await writeSigningKeyFile(path, key, format);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect((await readSigningKeyFile(path)).kid).toBe(key.kid);
    }
  });

  it('never overwrites an existing signing key file', async () => {
    const path = join(dir, 'existing.pem');
    await writeFile(path, 'keep me');
    await expect(writeSigningKeyFile(path, key, 'pem')).rejects.toMatchObject({ code: 'EEXIST' });
  });

  it('round-trips trusted keys as PEM and as JWKS', async () => {
    const next = await generateSigningKey();
    for (const format of ['pem', 'jwk'] as const) {
      const path = join(dir, `trusted.${format}`);
      await writeTrustedKeysFile(path, [key, next], format);
      expect((await readTrustedKeysFile(path)).map((trusted) => trusted.kid)).toEqual([
        key.kid,
        next.kid,
      ]);
    }
  });

  it('names the file in a refusal', async () => {
    const path = join(dir, 'wrong.pem');
    await writeTrustedKeysFile(path, [key], 'pem');
    await expect(readSigningKeyFile(path)).rejects.toThrow(`${path}: expected one PKCS#8`);
  });
});
