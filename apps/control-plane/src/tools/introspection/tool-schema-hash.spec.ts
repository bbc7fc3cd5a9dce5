import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { schemaHashOf } from './tool-schema-hash.js';

describe('schemaHashOf', () => {
  it('is the SHA-256 of the canonical JSON', () => {
    const schema = { type: 'object', properties: { b: { type: 'string' }, a: { type: 'number' } } };
    const canonical =
      '{"properties":{"a":{"type":"number"},"b":{"type":"string"}},"type":"object"}';
    expect(schemaHashOf(schema)).toBe(createHash('sha256').update(canonical).digest('hex'));
  });

  it('does not depend on key order, and changes with the schema', () => {
    const one = { type: 'object', required: ['x'], properties: { x: { type: 'string' } } };
    const reordered = { properties: { x: { type: 'string' } }, required: ['x'], type: 'object' };
    expect(schemaHashOf(one)).toBe(schemaHashOf(reordered));
    expect(schemaHashOf({ ...one, required: [] })).not.toBe(schemaHashOf(one));
  });
});
