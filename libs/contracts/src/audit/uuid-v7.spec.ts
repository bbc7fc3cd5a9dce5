import { describe, expect, it } from 'vitest';
import { auditEventSchema } from './audit-event.schema.js';
import { uuidV7 } from './uuid-v7.js';

describe('uuidV7', () => {
  it('is a version 7 UUID that increases within one millisecond', () => {
    const ids = Array.from({ length: 1_000 }, () => uuidV7(1_700_000_000_000));
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('puts the milliseconds first, so ids sort by time', () => {
    const id = uuidV7(Date.UTC(2030, 0, 1));
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.UTC(2030, 0, 1));
    expect(auditEventSchema.shape.eventId.safeParse(id).success).toBe(true);
  });
});
