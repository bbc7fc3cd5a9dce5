import { z } from 'zod';

/** Where the built console is (spread into the env schema); unset = apps/console/dist of this checkout. */
export const consoleEnvShape = {
  CONSOLE_DIR: z
    .string()
    .min(1)
    .optional()
    .describe(
      'The built console (index.html and assets/); default apps/console/dist; "off" = none',
    ),
};
