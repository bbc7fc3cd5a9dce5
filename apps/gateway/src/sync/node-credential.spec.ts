import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeCredential, loadNodeCredential } from './node-credential.js';

const SECRET = 'gh-node-2b9f8e7d6c5b4a39';

describe('NodeCredential', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-credential-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reveals itself only as an Authorization header value', () => {
    const credential = new NodeCredential(`  ${SECRET}\n`);
    expect(credential.bearer()).toBe(`Bearer ${SECRET}`);
    expect(String(credential)).not.toContain(SECRET);
    expect(JSON.stringify({ credential })).not.toContain(SECRET);
    expect(inspect({ nested: { credential } })).not.toContain(SECRET);
  });

  it('does not reach a log line', () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    logger.info({ credential: new NodeCredential(SECRET) }, 'starting');
    expect(lines.join('')).not.toContain(SECRET);
  });

  it('refuses an empty credential or one with whitespace inside', () => {
    expect(() => new NodeCredential(' \n')).toThrow(/empty/);
    expect(() => new NodeCredential('two words')).toThrow(/whitespace/);
  });

  it('reads a credential file, naming the file when it cannot', async () => {
    const path = join(dir, 'credential');
    await writeFile(path, `${SECRET}\n`);
    const loaded = await loadNodeCredential({ kind: 'file', path });
    expect(loaded.bearer()).toBe(`Bearer ${SECRET}`);
    await expect(loadNodeCredential({ kind: 'file', path: join(dir, 'missing') })).rejects.toThrow(
      /cannot read the node credential file .*missing/,
    );
    await writeFile(path, '\n');
    await expect(loadNodeCredential({ kind: 'file', path })).rejects.toThrow(
      /credential: the node credential is empty/,
    );
  });
});
