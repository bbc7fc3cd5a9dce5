import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SnapshotStore } from './snapshot-store.js';

describe('SnapshotStore', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'gatehouse-store-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('has nothing before the first save, and creates its folder owner-only', async () => {
    const store = new SnapshotStore(join(root, 'state', 'nested'), 'fleet-1');
    await store.prepare();
    expect((await stat(store.stateDir)).mode & 0o777).toBe(0o700);
    expect(await store.load()).toBeUndefined();
  });

  it('keeps the last JWS saved, one file per fleet', async () => {
    const a = new SnapshotStore(root, 'fleet-a');
    const b = new SnapshotStore(root, 'fleet-b');
    await a.save('h.p1.s');
    await a.save('h.p2.s');
    await b.save('h.other.s');
    expect(await a.load()).toBe('h.p2.s');
    expect(await b.load()).toBe('h.other.s');
    expect(a.path).toBe(join(root, 'snapshot-fleet-a.jws'));
    expect(await readFile(a.path, 'utf8')).toBe('h.p2.s\n');
  });
});
