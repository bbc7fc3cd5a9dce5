import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { signedAuditExportManifestSchema } from '@gatehouse/contracts';
import type { AuditExportManifest } from '@gatehouse/contracts';
import type { TrustedKey } from '@gatehouse/signing';
import { compactVerify } from 'jose';
import { canonicalJson } from './chain-hash.js';

export interface ExportVerification {
  readonly ok: boolean;
  readonly problems: string[];
  readonly manifest: AuditExportManifest | null;
  readonly sha256: string;
  readonly rowCount: number;
}

/** SHA-256 and record count of an export file, read as a stream (any size). */
export async function digestExportFile(
  path: string,
  format: 'csv' | 'jsonl',
): Promise<{ sha256: string; rowCount: number }> {
  const hash = createHash('sha256');
  let lines = 0;
  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    for (let index = buffer.indexOf(10); index !== -1; index = buffer.indexOf(10, index + 1))
      lines += 1;
  }
  return {
    sha256: hash.digest('hex'),
    rowCount: format === 'csv' ? Math.max(0, lines - 1) : lines,
  };
}

/**
 * Offline check of a downloaded export: the manifest's signature (Ed25519, by one of the
 * trusted keys, the JWKS the control plane publishes), that the signed payload is this
 * manifest, and that the file's SHA-256 and row count are the manifest's.
 */
export async function verifyAuditExport(
  filePath: string,
  manifestPath: string,
  keys: readonly TrustedKey[],
): Promise<ExportVerification> {
  const problems: string[] = [];
  const parsed = signedAuditExportManifestSchema.safeParse(
    JSON.parse(await readFile(manifestPath, 'utf8')),
  );
  if (!parsed.success) {
    return {
      ok: false,
      problems: ['the manifest file is malformed'],
      manifest: null,
      sha256: '',
      rowCount: 0,
    };
  }
  const { manifest, signature } = parsed.data;
  const key = keys.find((candidate) => candidate.kid === manifest.kid);
  if (!key) {
    problems.push(`the manifest is signed with key ${manifest.kid}, which is not trusted`);
  } else {
    try {
      const { payload, protectedHeader } = await compactVerify(signature, key.publicKey, {
        algorithms: ['EdDSA'],
      });
      if (protectedHeader.kid !== manifest.kid) problems.push('the signature names another key');
      if (new TextDecoder().decode(payload) !== canonicalJson(manifest))
        problems.push('the signature does not cover this manifest (manifest edited)');
    } catch {
      problems.push('the manifest signature is invalid');
    }
  }
  const digest = await digestExportFile(filePath, manifest.format);
  if (digest.sha256 !== manifest.sha256)
    problems.push(
      `the file's SHA-256 ${digest.sha256} is not the manifest's ${manifest.sha256} (file changed)`,
    );
  if (digest.rowCount !== manifest.rowCount)
    problems.push(`the file has ${digest.rowCount} rows, the manifest says ${manifest.rowCount}`);
  return { ok: problems.length === 0, problems, manifest, ...digest };
}
