import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Permission bits of the file; owner-only by default. */
  readonly mode?: number;
}

/**
 * Replaces `path` with `text` so that a reader (or a node restarting after a crash or power cut)
 * sees the old content or the new, never a torn file: write a temp file beside it, flush it to
 * disk, rename it over the target, then flush the folder so the rename itself survives.
 */
export async function writeFileAtomically(
  path: string,
  text: string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const folder = dirname(path);
  const temp = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', options.mode ?? 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(folder);
}

async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Some platforms and file systems cannot fsync a directory; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}
