import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditSpool } from './audit-spool.js';

describe('AuditSpool', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  const spoolIn = async (maxBytes = 1_000_000): Promise<AuditSpool> => {
    const dir = await mkdtemp(join(tmpdir(), 'spool-'));
    dirs.push(dir);
    const spool = new AuditSpool({ dir, maxBytes });
    await spool.open();
    return spool;
  };

  it('replays in order, including what was appended during the replay, then is empty', async () => {
    const spool = await spoolIn();
    await spool.append(['1', '2', '3']);
    const seen: string[] = [];
    let appended = false;
    await spool.replay(async (lines) => {
      seen.push(...lines);
      if (!appended) {
        appended = true;
        await spool.append(['4', '5']);
      }
    }, 2);
    expect(seen).toEqual(['1', '2', '3', '4', '5']);
    expect(spool.isEmpty).toBe(true);
    await spool.close();
  });

  it('keeps everything when a replay fails, and survives a reopen', async () => {
    const spool = await spoolIn();
    await spool.append(['a', 'b', 'c']);
    await expect(
      spool.replay(async () => {
        throw new Error('redis down');
      }, 10),
    ).rejects.toThrow('redis down');
    await spool.close();
    const reopened = new AuditSpool({ dir: dirs[0] ?? '', maxBytes: 1_000_000 });
    await reopened.open();
    const seen: string[] = [];
    await reopened.replay(async (lines) => void seen.push(...lines), 10);
    expect(seen).toEqual(['a', 'b', 'c']);
    await reopened.close();
  });

  it('is bounded in bytes', async () => {
    const spool = await spoolIn(10);
    expect(spool.fits(['12345'])).toBe(true);
    await spool.append(['12345']);
    expect(spool.fits(['12345'])).toBe(false);
    await spool.close();
  });
});
