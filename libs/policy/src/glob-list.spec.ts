import { describe, expect, it } from 'vitest';
import { compileGlobList } from './glob-list.js';

describe('compileGlobList', () => {
  it('matches whole names with * as the only wildcard', () => {
    const list = compileGlobList(['crm__*', 'exact.name']);
    expect(list.matches('crm__export')).toBe(true);
    expect(list.matches('xcrm__export')).toBe(false);
    expect(list.matches('exact.name')).toBe(true);
    expect(list.matches('exactXname')).toBe(false);
    expect(compileGlobList([]).empty).toBe(true);
  });
});
