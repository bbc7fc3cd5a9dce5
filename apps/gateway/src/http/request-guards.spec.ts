import { describe, expect, it } from 'vitest';
import {
  checkContentType,
  checkGetAccept,
  checkHostAndOrigin,
  checkPostAccept,
  isLoopbackHost,
  isOriginAllowed,
  type OriginPolicy,
} from './request-guards.js';

const LOOPBACK: OriginPolicy = { listenHost: '127.0.0.1', allowedHosts: [], allowedOrigins: [] };
const PUBLIC: OriginPolicy = { listenHost: '0.0.0.0', allowedHosts: [], allowedOrigins: [] };

describe('isLoopbackHost', () => {
  it('knows loopback names and addresses', () => {
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of [
      '0.0.0.0',
      '::',
      '10.0.0.1',
      'example.com',
      '127.0.0.1.evil.com',
      'localhost.evil.com',
      '128.0.0.1',
      '',
    ]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});

describe('checkHostAndOrigin bound to loopback with no lists', () => {
  it('accepts loopback Host headers with or without a port', () => {
    for (const host of [
      'localhost',
      'localhost:8080',
      'LocalHost:8080',
      '127.0.0.1',
      '127.0.0.1:3000',
      '[::1]',
      '[::1]:8080',
    ]) {
      expect(checkHostAndOrigin({ host }, LOOPBACK), host).toBeUndefined();
    }
  });

  it('applies to every loopback listen address', () => {
    for (const listenHost of ['localhost', '::1', '127.0.0.2']) {
      expect(
        checkHostAndOrigin({ host: 'evil.example' }, { ...LOOPBACK, listenHost })?.status,
        listenHost,
      ).toBe(403);
      expect(
        checkHostAndOrigin({ host: 'localhost:1' }, { ...LOOPBACK, listenHost }),
        listenHost,
      ).toBeUndefined();
    }
  });

  it('refuses a foreign or missing Host with 403 naming it', () => {
    expect(checkHostAndOrigin({ host: 'evil.example:8080' }, LOOPBACK)).toEqual({
      status: 403,
      message: 'Forbidden: Host "evil.example:8080" is not allowed',
    });
    for (const host of [
      '127.0.0.1.evil.example',
      'localhost.evil.example',
      'localhost@evil.example',
      '10.0.0.1',
      'bad host',
    ]) {
      expect(checkHostAndOrigin({ host }, LOOPBACK)?.status, host).toBe(403);
    }
    expect(checkHostAndOrigin({}, LOOPBACK)).toEqual({
      status: 403,
      message: 'Forbidden: Host "" is not allowed',
    });
  });

  it('accepts loopback Origins and requests without Origin', () => {
    for (const origin of [
      'http://localhost:5173',
      'http://127.0.0.1',
      'https://[::1]:8443',
      'http://LOCALHOST',
    ]) {
      expect(
        checkHostAndOrigin({ host: 'localhost:8080', origin }, LOOPBACK),
        origin,
      ).toBeUndefined();
    }
  });

  it('refuses a foreign Origin with 403 naming it', () => {
    expect(
      checkHostAndOrigin({ host: 'localhost:8080', origin: 'https://evil.example' }, LOOPBACK),
    ).toEqual({
      status: 403,
      message: 'Forbidden: Origin "https://evil.example" is not allowed',
    });
    for (const origin of ['null', 'not a url', 'http://localhost.evil.example']) {
      expect(checkHostAndOrigin({ host: 'localhost', origin }, LOOPBACK)?.status, origin).toBe(403);
    }
  });
});

describe('checkHostAndOrigin with configured lists', () => {
  const configured: OriginPolicy = {
    listenHost: '127.0.0.1',
    allowedHosts: ['gateway.example.com', 'Other.Example:9000'],
    allowedOrigins: ['https://app.example.com'],
  };

  it('accepts listed hosts by name (any port) or by exact host:port, case-insensitively', () => {
    for (const host of [
      'gateway.example.com',
      'gateway.example.com:8443',
      'GATEWAY.example.com',
      'other.example:9000',
    ]) {
      expect(checkHostAndOrigin({ host }, configured), host).toBeUndefined();
    }
  });

  it('replaces the loopback defaults', () => {
    expect(checkHostAndOrigin({ host: 'localhost:8080' }, configured)?.status).toBe(403);
    expect(checkHostAndOrigin({ host: 'other.example:9001' }, configured)?.status).toBe(403);
    expect(
      checkHostAndOrigin(
        { host: 'gateway.example.com', origin: 'http://localhost:3000' },
        configured,
      )?.status,
    ).toBe(403);
  });

  it('accepts only listed origins', () => {
    expect(
      checkHostAndOrigin(
        { host: 'gateway.example.com', origin: 'https://app.example.com' },
        configured,
      ),
    ).toBeUndefined();
    expect(
      checkHostAndOrigin(
        { host: 'gateway.example.com', origin: 'http://app.example.com' },
        configured,
      )?.status,
    ).toBe(403);
    expect(
      checkHostAndOrigin(
        { host: 'gateway.example.com', origin: 'https://evil.example' },
        configured,
      )?.message,
    ).toBe('Forbidden: Origin "https://evil.example" is not allowed');
  });

  it('honours wildcards', () => {
    const open: OriginPolicy = {
      listenHost: '127.0.0.1',
      allowedHosts: ['*'],
      allowedOrigins: ['*'],
    };
    expect(
      checkHostAndOrigin({ host: 'anything.example', origin: 'https://anywhere.example' }, open),
    ).toBeUndefined();
  });

  it('checks allowed hosts on a non-loopback bind too', () => {
    const policy: OriginPolicy = { ...PUBLIC, allowedHosts: ['gateway.example.com'] };
    expect(checkHostAndOrigin({ host: 'gateway.example.com' }, policy)).toBeUndefined();
    expect(checkHostAndOrigin({ host: 'evil.example' }, policy)?.status).toBe(403);
  });
});

describe('checkHostAndOrigin bound to a non-loopback address with no lists', () => {
  it('accepts any Host, even none', () => {
    for (const host of ['gateway.example.com', '10.1.2.3:8080', 'localhost']) {
      expect(checkHostAndOrigin({ host }, PUBLIC), host).toBeUndefined();
    }
    expect(checkHostAndOrigin({}, PUBLIC)).toBeUndefined();
  });

  it('refuses foreign browser Origins, loopback ones included', () => {
    for (const origin of ['https://evil.example', 'http://localhost:3000']) {
      expect(
        checkHostAndOrigin({ host: 'gateway.example.com', origin }, PUBLIC)?.status,
        origin,
      ).toBe(403);
    }
  });
});

describe('isOriginAllowed', () => {
  it('follows the same rules as checkHostAndOrigin', () => {
    expect(isOriginAllowed('http://localhost:3000', LOOPBACK)).toBe(true);
    expect(isOriginAllowed('https://evil.example', LOOPBACK)).toBe(false);
    expect(isOriginAllowed('http://localhost:3000', PUBLIC)).toBe(false);
    expect(
      isOriginAllowed('https://app.example', {
        ...PUBLIC,
        allowedOrigins: ['https://app.example'],
      }),
    ).toBe(true);
    expect(isOriginAllowed('https://app.example', { ...PUBLIC, allowedOrigins: ['*'] })).toBe(true);
  });

  it('lets the caller override the loopback decision', () => {
    expect(isOriginAllowed('http://localhost', PUBLIC, true)).toBe(true);
    expect(isOriginAllowed('http://localhost', LOOPBACK, false)).toBe(false);
  });
});

describe('checkPostAccept', () => {
  it('accepts when both JSON and SSE are acceptable, in any order, case or with parameters', () => {
    for (const accept of [
      'application/json, text/event-stream',
      'text/event-stream,application/json',
      'Application/JSON; charset=utf-8, TEXT/Event-Stream',
      'application/json;q=0.9, text/event-stream;q=0.8',
      'text/html, application/json ; q=0.5 ,text/event-stream',
    ]) {
      expect(checkPostAccept(accept), accept).toBeUndefined();
    }
  });

  it('refuses with 406 when either is missing', () => {
    for (const accept of [
      undefined,
      '',
      'application/json',
      'text/event-stream',
      '*/*',
      'application/*, text/*',
      'application/jsonx, text/event-stream',
    ]) {
      expect(checkPostAccept(accept), String(accept)).toEqual({
        status: 406,
        message: 'Not Acceptable: Accept must include both application/json and text/event-stream',
      });
    }
  });
});

describe('checkGetAccept', () => {
  it('needs text/event-stream', () => {
    expect(checkGetAccept('text/event-stream')).toBeUndefined();
    expect(checkGetAccept('application/json, text/event-stream;q=0.1')).toBeUndefined();
    expect(checkGetAccept('application/json')).toEqual({
      status: 406,
      message: 'Not Acceptable: Accept must include text/event-stream',
    });
    expect(checkGetAccept(undefined)?.status).toBe(406);
  });
});

describe('checkContentType', () => {
  it('accepts JSON with parameters and any case', () => {
    for (const type of [
      'application/json',
      'application/json; charset=utf-8',
      'APPLICATION/JSON;charset=UTF-8',
      ' application/json ',
    ]) {
      expect(checkContentType(type), type).toBeUndefined();
    }
  });

  it('refuses anything else with 415', () => {
    for (const type of [
      undefined,
      '',
      'text/plain',
      'application/json-patch+json',
      'application/x-www-form-urlencoded',
    ]) {
      expect(checkContentType(type), String(type)).toEqual({
        status: 415,
        message: 'Unsupported Media Type: Content-Type must be application/json',
      });
    }
  });
});
