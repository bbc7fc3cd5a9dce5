/**
 * Keeps only the last `maxBytes` bytes written to it. A crashing child's last words are
 * what explain the crash, and a chatty child must not grow the gateway's memory, so the
 * storage is a fixed ring allocated on first use.
 */
export class BoundedTail {
  readonly #maxBytes: number;
  #ring: Buffer | undefined;
  #start = 0;
  #length = 0;
  #dropped = false;

  constructor(maxBytes: number) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
      throw new RangeError(`maxBytes must be a non-negative integer, got ${maxBytes}`);
    }
    this.#maxBytes = maxBytes;
  }

  get byteLength(): number {
    return this.#length;
  }

  append(chunk: Uint8Array): void {
    const max = this.#maxBytes;
    if (max === 0 || chunk.length === 0) {
      this.#dropped ||= chunk.length > 0;
      return;
    }
    this.#ring ??= Buffer.allocUnsafe(max);
    const ring = this.#ring;
    if (chunk.length >= max) {
      ring.set(chunk.subarray(chunk.length - max));
      this.#dropped ||= chunk.length > max || this.#length > 0;
      this.#start = 0;
      this.#length = max;
      return;
    }
    const end = (this.#start + this.#length) % max;
    const firstPart = Math.min(chunk.length, max - end);
    ring.set(chunk.subarray(0, firstPart), end);
    ring.set(chunk.subarray(firstPart), 0);
    const overflow = this.#length + chunk.length - max;
    if (overflow > 0) {
      this.#dropped = true;
      this.#start = (this.#start + overflow) % max;
      this.#length = max;
    } else {
      this.#length += chunk.length;
    }
  }

  clear(): void {
    this.#start = 0;
    this.#length = 0;
    this.#dropped = false;
  }

  toBuffer(): Buffer {
    const ring = this.#ring;
    if (ring === undefined || this.#length === 0) return Buffer.alloc(0);
    const endOfFirst = Math.min(this.#start + this.#length, ring.length);
    const first = ring.subarray(this.#start, endOfFirst);
    const second = ring.subarray(0, this.#length - first.length);
    return Buffer.concat([first, second]);
  }

  toString(): string {
    let bytes = this.toBuffer();
    if (this.#dropped) {
      // The cut may land inside a multi-byte character; skip its orphaned continuation
      // bytes rather than show a replacement character at the start of the tail.
      let skip = 0;
      while (skip < 3 && skip < bytes.length && ((bytes[skip] ?? 0) & 0xc0) === 0x80) skip++;
      bytes = bytes.subarray(skip);
    }
    return bytes.toString('utf8');
  }
}
