const NEWLINE = 0x0a;

export interface LineSplitterOptions {
  /** A line longer than this (excluding the newline) is dropped instead of buffered. */
  maxLineBytes: number;
  /** How much of an oversized line to keep for `onOversize`, for the log. */
  headBytes?: number;
  /** Gets each complete line without its newline; valid only during the call. */
  onLine: (line: Buffer) => void;
  /** Called once per oversized line, as soon as it crosses the limit. */
  onOversize: (head: Buffer) => void;
}

const DEFAULT_HEAD_BYTES = 256;

/**
 * Splits a byte stream on '\n'. Chunks are kept as a list and joined once per line, so a
 * line that arrives in many chunks costs linear, not quadratic, copying; and a peer that
 * never sends a newline cannot make us buffer more than `maxLineBytes`.
 */
export class LineSplitter {
  readonly #maxLineBytes: number;
  readonly #headBytes: number;
  readonly #onLine: (line: Buffer) => void;
  readonly #onOversize: (head: Buffer) => void;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** Inside an oversized line: swallow everything up to the next newline. */
  #discarding = false;

  constructor(options: LineSplitterOptions) {
    if (!Number.isSafeInteger(options.maxLineBytes) || options.maxLineBytes < 1) {
      throw new RangeError(`maxLineBytes must be a positive integer, got ${options.maxLineBytes}`);
    }
    this.#maxLineBytes = options.maxLineBytes;
    this.#headBytes = options.headBytes ?? DEFAULT_HEAD_BYTES;
    this.#onLine = options.onLine;
    this.#onOversize = options.onOversize;
  }

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const piece = chunk.subarray(start, newline === -1 ? chunk.length : newline);
      if (newline === -1) {
        this.#accumulate(piece);
        return;
      }
      start = newline + 1;
      if (this.#discarding) {
        this.#discarding = false;
      } else if (this.#pendingBytes + piece.length > this.#maxLineBytes) {
        this.#oversize(piece);
        this.#discarding = false;
      } else {
        this.#emit(piece);
      }
    }
  }

  /** Hands out a last line that had no trailing newline when the stream ended. */
  end(): void {
    if (!this.#discarding && this.#pendingBytes > 0) this.#emit(Buffer.alloc(0));
    this.#reset();
  }

  #accumulate(piece: Buffer): void {
    if (this.#discarding || piece.length === 0) return;
    if (this.#pendingBytes + piece.length > this.#maxLineBytes) {
      this.#oversize(piece);
      return;
    }
    this.#pending.push(piece);
    this.#pendingBytes += piece.length;
  }

  #emit(lastPiece: Buffer): void {
    const line =
      this.#pending.length === 0 ? lastPiece : Buffer.concat([...this.#pending, lastPiece]);
    this.#reset();
    this.#onLine(line);
  }

  #oversize(lastPiece: Buffer): void {
    const parts: Buffer[] = [];
    let room = this.#headBytes;
    for (const part of [...this.#pending, lastPiece]) {
      if (room <= 0) break;
      const taken = part.subarray(0, room);
      parts.push(taken);
      room -= taken.length;
    }
    this.#reset();
    this.#discarding = true;
    this.#onOversize(Buffer.concat(parts));
  }

  #reset(): void {
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#discarding = false;
  }
}
