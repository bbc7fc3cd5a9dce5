import { describe, expect, it } from 'vitest';
import { classifyMessage, isRecordValue } from './jsonrpc-message.js';

describe('classifyMessage', () => {
  it('classifies requests with string and numeric ids, with or without params', () => {
    const withParams = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'x' } };
    expect(classifyMessage(withParams)).toEqual({ kind: 'request', message: withParams });
    const bare = { jsonrpc: '2.0', id: 'abc', method: 'ping' };
    expect(classifyMessage(bare)).toEqual({ kind: 'request', message: bare });
    expect(classifyMessage({ jsonrpc: '2.0', id: 0, method: 'ping' }).kind).toBe('request');
    expect(classifyMessage({ jsonrpc: '2.0', id: '', method: 'ping' }).kind).toBe('request');
    expect(classifyMessage({ jsonrpc: '2.0', id: -1.5, method: 'ping' }).kind).toBe('request');
  });

  it('hands back the very message object', () => {
    const message = { jsonrpc: '2.0', id: 7, method: 'ping' };
    const classified = classifyMessage(message);
    expect(classified.kind === 'request' && classified.message).toBe(message);
  });

  it('classifies notifications (no id)', () => {
    const message = { jsonrpc: '2.0', method: 'notifications/initialized' };
    expect(classifyMessage(message)).toEqual({ kind: 'notification', message });
    expect(classifyMessage({ jsonrpc: '2.0', method: 'n', params: { a: 1 } }).kind).toBe(
      'notification',
    );
  });

  it('treats explicitly undefined params as absent', () => {
    expect(classifyMessage({ jsonrpc: '2.0', id: 1, method: 'm', params: undefined }).kind).toBe(
      'request',
    );
  });

  it('classifies result and error responses', () => {
    const result = { jsonrpc: '2.0', id: 3, result: {} };
    expect(classifyMessage(result)).toEqual({ kind: 'response', message: result });
    const error = {
      jsonrpc: '2.0',
      id: 'x',
      error: { code: -32601, message: 'nope', data: { more: true } },
    };
    expect(classifyMessage(error)).toEqual({ kind: 'response', message: error });
  });

  it('accepts an error response with a null id, but not a result response', () => {
    expect(
      classifyMessage({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse' } }).kind,
    ).toBe('response');
    expect(classifyMessage({ jsonrpc: '2.0', id: null, result: {} })).toEqual({
      kind: 'invalid',
      id: null,
      reason: '"id" of a response must be a string or a number',
    });
  });

  it('refuses non-objects', () => {
    for (const value of [
      null,
      undefined,
      1,
      'x',
      true,
      [],
      [{ jsonrpc: '2.0', id: 1, method: 'm' }],
    ]) {
      expect(classifyMessage(value), JSON.stringify(value)).toEqual({
        kind: 'invalid',
        id: null,
        reason: 'a JSON-RPC message must be an object',
      });
    }
  });

  it('refuses a wrong or missing jsonrpc version, keeping a valid id', () => {
    expect(classifyMessage({ id: 4, method: 'm' })).toEqual({
      kind: 'invalid',
      id: 4,
      reason: '"jsonrpc" must be "2.0"',
    });
    expect(classifyMessage({ jsonrpc: '1.0', id: 'a', method: 'm' })).toEqual({
      kind: 'invalid',
      id: 'a',
      reason: '"jsonrpc" must be "2.0"',
    });
    expect(classifyMessage({ jsonrpc: 2, id: {}, method: 'm' })).toEqual({
      kind: 'invalid',
      id: null,
      reason: '"jsonrpc" must be "2.0"',
    });
  });

  it('refuses an empty or non-string method', () => {
    for (const method of ['', 1, null, {}]) {
      expect(classifyMessage({ jsonrpc: '2.0', id: 5, method }), JSON.stringify(method)).toEqual({
        kind: 'invalid',
        id: 5,
        reason: '"method" must be a non-empty string',
      });
    }
  });

  it('refuses params that are not an object', () => {
    for (const params of [[1, 2], 'x', 3, null]) {
      expect(
        classifyMessage({ jsonrpc: '2.0', id: 6, method: 'm', params }),
        JSON.stringify(params),
      ).toEqual({
        kind: 'invalid',
        id: 6,
        reason: '"params" must be an object',
      });
    }
    expect(classifyMessage({ jsonrpc: '2.0', method: 'n', params: [] })).toMatchObject({
      kind: 'invalid',
      id: null,
    });
  });

  it('refuses request ids that are not strings or finite numbers', () => {
    [null, true, {}, [], Number.NaN, Number.POSITIVE_INFINITY].forEach((id, index) => {
      expect(classifyMessage({ jsonrpc: '2.0', id, method: 'm' }), `case ${index}`).toEqual({
        kind: 'invalid',
        id: null,
        reason: '"id" must be a string or a number',
      });
    });
  });

  it('refuses a response with both result and error', () => {
    expect(
      classifyMessage({ jsonrpc: '2.0', id: 8, result: {}, error: { code: 1, message: 'x' } }),
    ).toEqual({
      kind: 'invalid',
      id: 8,
      reason: 'a response has "result" or "error", not both',
    });
  });

  it('refuses a response without a usable id', () => {
    for (const message of [
      { jsonrpc: '2.0', result: {} },
      { jsonrpc: '2.0', id: true, result: {} },
      { jsonrpc: '2.0', error: { code: 1, message: 'x' } },
      { jsonrpc: '2.0', id: {}, error: { code: 1, message: 'x' } },
    ]) {
      expect(classifyMessage(message), JSON.stringify(message)).toEqual({
        kind: 'invalid',
        id: null,
        reason: '"id" of a response must be a string or a number',
      });
    }
  });

  it('refuses malformed error objects', () => {
    for (const error of [
      null,
      'boom',
      [],
      { code: '1', message: 'x' },
      { code: 1 },
      { message: 'x' },
      { code: 1, message: 2 },
    ]) {
      expect(classifyMessage({ jsonrpc: '2.0', id: 9, error }), JSON.stringify(error)).toEqual({
        kind: 'invalid',
        id: 9,
        reason: '"error" must have a numeric "code" and a string "message"',
      });
    }
  });

  it('refuses a result that is not an object', () => {
    for (const result of [null, 1, 'ok', [], true]) {
      expect(classifyMessage({ jsonrpc: '2.0', id: 10, result }), JSON.stringify(result)).toEqual({
        kind: 'invalid',
        id: 10,
        reason: '"result" must be an object',
      });
    }
  });

  it('refuses a message that is neither request nor response', () => {
    expect(classifyMessage({ jsonrpc: '2.0', id: 11 })).toEqual({
      kind: 'invalid',
      id: 11,
      reason: 'a message needs "method" (request/notification) or "result"/"error" (response)',
    });
  });
});

describe('isRecordValue', () => {
  it('is true only for plain non-array objects', () => {
    expect(isRecordValue({})).toBe(true);
    expect(isRecordValue({ a: 1 })).toBe(true);
    expect(isRecordValue([])).toBe(false);
    expect(isRecordValue(null)).toBe(false);
    expect(isRecordValue('x')).toBe(false);
    expect(isRecordValue(undefined)).toBe(false);
  });
});
