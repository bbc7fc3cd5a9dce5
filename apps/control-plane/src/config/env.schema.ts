import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function urlWithProtocols(protocols: readonly string[], example: string) {
  return z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL like ${example}` },
  );
}

function port() {
  return z
    .string()
    .regex(/^\d+$/, 'must be an integer between 1 and 65535')
    .transform(Number)
    .refine((value) => value >= 1 && value <= 65_535, 'must be an integer between 1 and 65535');
}

function booleanFlag() {
  return z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .transform((value) => value === 'true' || value === '1' || value === 'yes');
}

/**
 * The control plane's environment. Defaults point at the local services so that a
 * developer machine needs no configuration; production sets every URL explicitly.
 */
export const envSchema = z.object({
  DATABASE_URL: urlWithProtocols(
    ['postgresql:', 'postgres:'],
    'postgresql://user@host:5432/gatehouse',
  ).default('postgresql://postgres@127.0.0.1:5432/gatehouse'),
  DATABASE_POOL_SIZE: z
    .string()
    .regex(/^\d+$/, 'must be an integer between 1 and 100')
    .transform(Number)
    .refine((value) => value >= 1 && value <= 100, 'must be an integer between 1 and 100')
    .default(10),
  REDIS_URL: urlWithProtocols(['redis:', 'rediss:'], 'redis://127.0.0.1:6379').default(
    'redis://127.0.0.1:6379',
  ),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_:.-]{1,64}$/, 'must be 1–64 characters of letters, digits and _ : . -')
    .default('gatehouse:'),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  PORT: port().default(8090),
  LOG_LEVEL: z
    .enum(logLevels, { message: `must be one of ${logLevels.join(', ')}` })
    .default('info'),
  BODY_LIMIT_BYTES: z
    .string()
    .regex(/^\d+$/, 'must be a number of bytes between 1024 and 104857600')
    .transform(Number)
    .refine(
      (value) => value >= 1024 && value <= 104_857_600,
      'must be a number of bytes between 1024 and 104857600',
    )
    .default(1_048_576),
  TRUST_PROXY: booleanFlag().default(false),
});

export type Env = z.output<typeof envSchema>;
