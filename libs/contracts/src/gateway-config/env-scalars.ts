import { z } from 'zod';

/**
 * Values substituted from the environment arrive as text; numeric and boolean fields accept
 * their text form (`"8080"`, `"true"`), while string fields keep the text as it is.
 */
export function envInt(min: number, max: number) {
  return z.preprocess(
    (value) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value),
    z.int().min(min).max(max),
  );
}

export function envBoolean() {
  return z.preprocess(
    (value) => (value === 'true' ? true : value === 'false' ? false : value),
    z.boolean(),
  );
}
