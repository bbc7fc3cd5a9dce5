import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {
  readonly statusCode = 413;
  constructor(limit: number) {
    super(`Payload Too Large: the body exceeds ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads a request body, refusing it as soon as it passes the limit in force (which reloads may change). */
export async function readLimitedBody(payload: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(payload.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    payload.resume();
    throw new BodyTooLargeError(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      payload.resume();
      throw new BodyTooLargeError(limit);
    }
    chunks.push(buffer);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}
