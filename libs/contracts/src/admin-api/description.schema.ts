import { z } from 'zod';

/** Free text describing a configuration entity; `null` clears it where the field is nullable. */
export const descriptionSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty (send null to clear it)')
  .max(500, 'must be at most 500 characters');
