import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { findFreePort } from './free-port.js';
import { ManagedProcess } from './managed-process.js';
import { pollUntil } from './poll.js';

/**
 * A Redis of the spec's own, which it may stop and start again (never the shared one). It
 * persists to an append-only file in a temporary directory, fsynced on every write, as the
 * Redis that carries the audit stream must in production: entries added but not yet
 * consumed survive a restart.
 */
export class OwnRedis {
  private process: ManagedProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await findFreePort(), await mkdtemp(join(tmpdir(), 'gh-redis-')));
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    this.process = ManagedProcess.start({
      name: `redis-${this.port}`,
      command: 'redis-server',
      args: [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
      ],
    });
    await pollUntil(
      async () => {
        const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
        client.on('error', () => undefined);
        try {
          await client.connect();
          return (await client.ping()) === 'PONG' ? true : undefined;
        } finally {
          client.disconnect();
        }
      },
      { what: `redis on ${this.port}`, timeoutMs: 10_000, intervalMs: 50 },
    );
  }

  async down(): Promise<void> {
    await this.process?.stop(5_000);
    this.process = undefined;
  }

  async destroy(): Promise<void> {
    await this.down();
    await rm(this.dir, { recursive: true, force: true });
  }
}
