import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { BodyTooLargeError, readLimitedBody } from './body-reader.js';

/** A stream standing in for a request: the reader only uses headers, iteration and resume(). */
function fakeRequest(
  chunks: readonly Buffer[],
  headers: Record<string, string> = {},
): IncomingMessage {
  return Object.assign(Readable.from(chunks), { headers }) as unknown as IncomingMessage;
}

function bytes(count: number, fill = 'x'): Buffer {
  return Buffer.alloc(count, fill);
}

describe('readLimitedBody', () => {
  it('returns a single chunk as is', async () => {
    const chunk = Buffer.from('{"jsonrpc":"2.0"}');
    const body = await readLimitedBody(fakeRequest([chunk]), 1024);
    expect(body).toBe(chunk);
  });

  it('joins several chunks in order', async () => {
    const body = await readLimitedBody(
      fakeRequest([Buffer.from('ab'), Buffer.from('cd'), Buffer.from('ef')]),
      1024,
    );
    expect(body.toString()).toBe('abcdef');
  });

  it('returns an empty buffer for an empty body', async () => {
    const body = await readLimitedBody(fakeRequest([]), 1024);
    expect(body.length).toBe(0);
  });

  it('accepts a body of exactly the limit', async () => {
    const body = await readLimitedBody(
      fakeRequest([bytes(600), bytes(424)], { 'content-length': '1024' }),
      1024,
    );
    expect(body.length).toBe(1024);
  });

  it('refuses a declared content-length over the limit, whatever the stream holds', async () => {
    const payload = fakeRequest([bytes(10)], { 'content-length': '1025' });
    const error = await readLimitedBody(payload, 1024).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect((error as BodyTooLargeError).statusCode).toBe(413);
    expect((error as BodyTooLargeError).name).toBe('BodyTooLargeError');
    expect((error as BodyTooLargeError).message).toBe(
      'Payload Too Large: the body exceeds 1024 bytes',
    );
  });

  it('refuses a streamed body that grows past the limit without a content-length', async () => {
    const payload = fakeRequest([bytes(512), bytes(512), bytes(1)]);
    await expect(readLimitedBody(payload, 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it('refuses a streamed body that lies about its content-length', async () => {
    const payload = fakeRequest([bytes(800), bytes(800)], { 'content-length': '10' });
    await expect(readLimitedBody(payload, 1024)).rejects.toThrow(
      'Payload Too Large: the body exceeds 1024 bytes',
    );
  });

  it('ignores an unparseable content-length and counts the bytes', async () => {
    const body = await readLimitedBody(fakeRequest([bytes(5)], { 'content-length': 'lots' }), 1024);
    expect(body.length).toBe(5);
  });
});

describe('readLimitedBody on a real HTTP server', () => {
  let server: Server | undefined;

  afterEach(async () => {
    if (server === undefined) return;
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
    server = undefined;
  });

  async function startServer(limit: number): Promise<number> {
    server = createServer((req, res) => {
      readLimitedBody(req, limit).then(
        (body) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`read ${body.length}`),
        (error: unknown) => {
          const status = error instanceof BodyTooLargeError ? error.statusCode : 500;
          res.writeHead(status, { 'content-type': 'text/plain' }).end((error as Error).message);
        },
      );
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return (server.address() as AddressInfo).port;
  }

  /** Sends the body in chunks (chunked encoding unless a length is given); resolves with the answer or the socket error. */
  function post(
    port: number,
    chunks: readonly Buffer[],
    contentLength?: number,
  ): Promise<{ status: number; text: string } | { error: string }> {
    return new Promise((resolve) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (contentLength !== undefined) headers['content-length'] = String(contentLength);
      const req = request(
        { host: '127.0.0.1', port, method: 'POST', path: '/', headers },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (part: Buffer) => parts.push(part));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString() }),
          );
          res.on('error', (error) => resolve({ error: error.message }));
        },
      );
      req.on('error', (error) => resolve({ error: error.message }));
      let index = 0;
      const writeNext = (): void => {
        const chunk = chunks[index++];
        if (chunk === undefined) {
          req.end();
          return;
        }
        req.write(chunk);
        setTimeout(writeNext, 5);
      };
      writeNext();
    });
  }

  it('reads a chunked body under the limit', async () => {
    const port = await startServer(4096);
    expect(await post(port, [bytes(1000), bytes(1000)])).toEqual({
      status: 200,
      text: 'read 2000',
    });
  });

  it('answers 413 to a declared content-length over the limit', async () => {
    const port = await startServer(1024);
    expect(await post(port, [bytes(2048)], 2048)).toEqual({
      status: 413,
      text: 'Payload Too Large: the body exceeds 1024 bytes',
    });
  });

  it('answers 413 to a chunked body that grows past the limit', async () => {
    const port = await startServer(1024);
    expect(await post(port, [bytes(600), bytes(600), bytes(600)])).toEqual({
      status: 413,
      text: 'Payload Too Large: the body exceeds 1024 bytes',
    });
  });
});
