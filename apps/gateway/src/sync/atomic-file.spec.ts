import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomically } from './atomic-file.js';

describe('writeFileAtomically', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-atomic-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates the file owner-only and leaves no temp file behind', async () => {
    const path = join(dir, 'snapshot.jws');
    await writeFileAtomically(path, 'first');
    expect(await readFile(path, 'utf8')).toBe('first');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['snapshot.jws']);
  });

  it('replaces an existing file whole', async () => {
    const path = join(dir, 'snapshot.jws');
    await writeFile(path, 'a much longer old content that must not survive in part');
    await writeFileAtomically(path, 'new');
    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['snapshot.jws']);
  });

  it('leaves the old content and no temp file when the replacement fails', async () => {
    // A folder where the file should go: the rename fails after the temp file was written.
    const path = join(dir, 'occupied');
    await mkdir(path);
    await writeFile(join(path, 'inside'), 'kept');
    await expect(writeFileAtomically(path, 'new')).rejects.toThrow();
    expect(await readFile(join(path, 'inside'), 'utf8')).toBe('kept');
    expect(await readdir(dir)).toEqual(['occupied']);
  });

  it('honours the mode it is given', async () => {
    const path = join(dir, 'node-id');
    await writeFileAtomically(path, 'id', { mode: 0o644 });
    expect((await stat(path)).mode & 0o777).toBe(0o644);
  });

  it('fails, writing nothing, when the folder does not exist', async () => {
    await expect(writeFileAtomically(join(dir, 'missing', 'file'), 'x')).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
