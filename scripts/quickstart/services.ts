// Are Postgres and Redis there? Checked before anything starts, so a missing service is
// one clear message with the way to get it, not a stack trace from a driver.
import { redactDatabaseUrl, withMaintenanceClient } from '@gatehouse/db';
import { Redis } from 'ioredis';

const HOW_TO_GET_THEM = [
  'Start the local services with Docker (from the repository root):',
  '  docker compose up -d postgres redis',
  'or point DATABASE_URL / REDIS_URL at ones you already run, e.g.',
  '  DATABASE_URL=postgresql://user:pass@db-host:5432/gatehouse REDIS_URL=redis://redis-host:6379 ./scripts/quickstart.sh',
].join('\n');

function reason(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reason(error.errors[0]);
  return error instanceof Error ? error.message || error.name : String(error);
}

/** Connects to the server's maintenance database (the app's own may not exist yet). */
async function checkPostgres(databaseUrl: string): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      withMaintenanceClient(databaseUrl, async (client) => {
        await client.query('SELECT 1');
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer within 5 s')), 5_000);
      }),
    ]);
    return undefined;
  } catch (error) {
    let where: string;
    try {
      where = redactDatabaseUrl(databaseUrl);
    } catch {
      return `DATABASE_URL is not a PostgreSQL URL: ${reason(error)}`;
    }
    return `PostgreSQL is not reachable at ${where}: ${reason(error)}`;
  } finally {
    clearTimeout(timer);
  }
}

async function checkRedis(redisUrl: string): Promise<string | undefined> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // ioredis rejects with "Connection is closed."; the reason is in its error event.
  let cause: unknown;
  redis.on('error', (error) => (cause ??= error));
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    const where = redisUrl.replace(/\/\/[^@/]*@/, '//***@');
    return `Redis is not reachable at ${where}: ${reason(cause ?? error)}`;
  } finally {
    redis.disconnect();
  }
}

/** undefined when both answer; otherwise the message to print (problems + how to fix). */
export async function checkServices(
  databaseUrl: string,
  redisUrl: string,
): Promise<string | undefined> {
  const problems = (await Promise.all([checkPostgres(databaseUrl), checkRedis(redisUrl)])).filter(
    (problem): problem is string => problem !== undefined,
  );
  if (problems.length === 0) return undefined;
  return [
    'quickstart: the control plane needs PostgreSQL and Redis.',
    ...problems.map((problem) => `  - ${problem}`),
    '',
    HOW_TO_GET_THEM,
    '',
  ].join('\n');
}
