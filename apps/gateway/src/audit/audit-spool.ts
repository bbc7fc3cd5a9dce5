import { createReadStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface AuditSpoolOptions {
  /** Directory of the spool files (created). */
  readonly dir: string;
  /** Bound on the spool's size on disk, both files together. */
  readonly maxBytes: number;
}

const ACTIVE = 'audit-spool.jsonl';
const REPLAYING = 'audit-spool.replaying.jsonl';

/**
 * The node's local fallback while Redis is unreachable: append-only JSON Lines, one event
 * per line, bounded in bytes. Every appended batch is written then `fdatasync`ed before
 * `append` resolves, so an event the sink reported spooled survives a crash of the node
 * (the cost is one sync per batch of up to a few hundred events, not per event).
 *
 * Replay keeps order: the active file is renamed aside (`.replaying`) and read from the
 * start while new events go to a fresh active file; the aside file is deleted only once
 * every line of it was handed on. A crash mid-replay replays that file again: duplicates
 * are removed at ingest by event id.
 */
export class AuditSpool {
  private handle: FileHandle | undefined;
  private activeBytes = 0;
  private replayingBytes = 0;
  private readonly active: string;
  private readonly replaying: string;

  constructor(private readonly options: AuditSpoolOptions) {
    this.active = join(options.dir, ACTIVE);
    this.replaying = join(options.dir, REPLAYING);
  }

  async open(): Promise<void> {
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    this.activeBytes = await sizeOf(this.active);
    this.replayingBytes = await sizeOf(this.replaying);
    this.handle = await open(this.active, 'a', 0o600);
  }

  get bytes(): number {
    return this.activeBytes + this.replayingBytes;
  }

  get isEmpty(): boolean {
    return this.bytes === 0;
  }

  /** Whether `lines` (serialised events) fit within the bound. */
  fits(lines: readonly string[]): boolean {
    return this.bytes + byteLength(lines) <= this.options.maxBytes;
  }

  /** Appends and syncs; the caller checked `fits` (a batch that does not fit is refused). */
  async append(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    const handle = this.required();
    const text = `${lines.join('\n')}\n`;
    await handle.write(text);
    await handle.datasync();
    this.activeBytes += Buffer.byteLength(text, 'utf8');
  }

  /**
   * Hands every spooled line, oldest first, to `send` in batches; a batch that fails
   * stops the replay (it is tried again later from the start of the aside file).
   */
  async replay(send: (lines: string[]) => Promise<void>, batchSize: number): Promise<number> {
    let replayed = 0;
    for (;;) {
      if (this.replayingBytes === 0) {
        if (this.activeBytes === 0) return replayed;
        await this.rotate();
      }
      let batch: string[] = [];
      const lines = createInterface({
        input: createReadStream(this.replaying, 'utf8'),
        crlfDelay: Infinity,
      });
      for await (const line of lines) {
        if (line.length === 0) continue;
        batch.push(line);
        if (batch.length >= batchSize) {
          await send(batch);
          replayed += batch.length;
          batch = [];
        }
      }
      if (batch.length > 0) {
        await send(batch);
        replayed += batch.length;
      }
      await unlink(this.replaying);
      this.replayingBytes = 0;
    }
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }

  private async rotate(): Promise<void> {
    await this.required().close();
    await rename(this.active, this.replaying);
    this.replayingBytes = this.activeBytes;
    this.activeBytes = 0;
    this.handle = await open(this.active, 'a', 0o600);
  }

  private required(): FileHandle {
    if (!this.handle) throw new Error('the audit spool is not open');
    return this.handle;
  }
}

function byteLength(lines: readonly string[]): number {
  let total = 0;
  for (const line of lines) total += Buffer.byteLength(line, 'utf8') + 1;
  return total;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}
