import { z } from 'zod';

/**
 * Allow- and blocklists of tools by the name clients see (`<namespace>__<tool>`), with `*` as a
 * wildcard. Empty `allow` allows every tool the scopes allow; `block` always wins.
 */
export const toolAccessSchema = z
  .object({
    allow: z.array(z.string().min(1)).default([]),
    block: z.array(z.string().min(1)).default([]),
  })
  .strict();

export type ToolAccessConfig = z.infer<typeof toolAccessSchema>;
