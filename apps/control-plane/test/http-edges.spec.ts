// Requests Fastify refuses before any handler runs still get the API's error envelope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';

interface ErrorBody {
  error: { code: string; message: string; requestId?: string };
}

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await startTestApp({ BODY_LIMIT_BYTES: '1024' });
  admin = await t.token('admin');
});
afterAll(async () => {
  await t?.close();
});

describe('HTTP edges', () => {
  it('answers an oversized body with 413 payload_too_large', async () => {
    const response = await t.request('POST', '/api/v1/tenants', {
      token: admin,
      body: { name: 'big', displayName: 'x'.repeat(2000) },
    });
    expect(response.status).toBe(413);
    expect((response.body as ErrorBody).error).toMatchObject({
      code: 'payload_too_large',
      message: 'The request body is larger than this server accepts.',
    });
  });

  it('answers a non-JSON content type with malformed_request', async () => {
    const response = await fetch(`${t.baseUrl}/api/v1/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/plain' },
      body: 'name=x',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error).toMatchObject({
      code: 'malformed_request',
      message: 'Send the body as JSON, with Content-Type: application/json.',
    });
  });

  it('echoes a caller-supplied X-Request-Id into the error and the response header', async () => {
    const response = await fetch(`${t.baseUrl}/api/v1/tenants`, {
      headers: { 'x-request-id': 'trace-me-123' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('x-request-id')).toBe('trace-me-123');
    expect(((await response.json()) as ErrorBody).error.requestId).toBe('trace-me-123');
  });
});
