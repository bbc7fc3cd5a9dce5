import { describe, expect, it } from 'vitest';
import { refusalReply, retryAfterSeconds } from './call-refusal.js';

describe('refusal replies', () => {
  it('carry the status, Retry-After and a JSON-RPC error naming the limit', () => {
    const reply = refusalReply('call-1', {
      reason: 'rate_limited',
      limit: 'tenant_rate_limit',
      status: 429,
      retryAfterSeconds: 7,
      message: 'rate limit exceeded',
    });
    expect(reply).toEqual({
      kind: 'json',
      status: 429,
      headers: { 'retry-after': '7' },
      body: {
        jsonrpc: '2.0',
        id: 'call-1',
        error: {
          code: -32012,
          message: 'rate limit exceeded',
          data: { reason: 'rate_limited', limit: 'tenant_rate_limit', retryAfterSeconds: 7 },
        },
      },
    });
  });

  it('round Retry-After up to whole seconds, at least one', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1_001)).toBe(2);
    expect(retryAfterSeconds(0)).toBe(1);
  });
});
