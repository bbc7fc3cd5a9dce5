// JSON-RPC 2.0 over newline-delimited JSON, the framing the Prisma CLI uses with its
// schema engine: one message per line on stdin/stdout. Both sides may send requests (the
// engine asks the CLI to `print`), so this is a peer rather than a server.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export type JsonRpcId = number | string;

export interface JsonRpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

export interface JsonRpcRequest {
  readonly id?: JsonRpcId;
  readonly method: string;
  readonly params?: unknown;
}

export type RequestHandler = (request: JsonRpcRequest) => Promise<unknown>;
export type ErrorMapper = (error: unknown) => JsonRpcErrorObject;

interface Pending {
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
}

interface IncomingMessage {
  readonly id?: unknown;
  readonly method?: unknown;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: unknown;
}

function isId(value: unknown): value is JsonRpcId {
  return typeof value === 'number' || typeof value === 'string';
}

export class JsonRpcPeer {
  readonly #pending = new Map<JsonRpcId, Pending>();
  #nextOutgoingId = 1;
  /** Requests run one at a time, in arrival order: the engine is not re-entrant. */
  #queue: Promise<void> = Promise.resolve();
  #inFlight: JsonRpcId | undefined;

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly handle: RequestHandler,
    private readonly mapError: ErrorMapper,
  ) {}

  /** Serves until the input ends and every queued request has been answered. */
  async serve(): Promise<void> {
    const lines = createInterface({ input: this.input, crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() !== '') this.#receive(line);
    }
    await this.#queue;
  }

  /** Sends a request to the other side and waits for its answer. */
  request(method: string, params: unknown): Promise<unknown> {
    const id = `gatehouse-${this.#nextOutgoingId++}`;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#write({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** Answers the request being handled with an error (used when the process must die). */
  failInFlight(error: unknown): void {
    if (this.#inFlight !== undefined) {
      this.#write({ jsonrpc: '2.0', id: this.#inFlight, error: this.mapError(error) });
      this.#inFlight = undefined;
    }
  }

  #receive(line: string): void {
    let message: IncomingMessage;
    try {
      message = JSON.parse(line) as IncomingMessage;
    } catch {
      this.#write({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
      return;
    }
    if (typeof message.method === 'string') {
      const request: JsonRpcRequest = isId(message.id)
        ? { id: message.id, method: message.method, params: message.params }
        : { method: message.method, params: message.params };
      this.#queue = this.#queue.then(() => this.#run(request));
      return;
    }
    if (isId(message.id)) this.#settle(message.id, message);
  }

  #settle(id: JsonRpcId, message: IncomingMessage): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    if (message.error !== undefined) {
      pending.reject(new Error(`The CLI answered with an error: ${JSON.stringify(message.error)}`));
    } else {
      pending.resolve(message.result);
    }
  }

  async #run(request: JsonRpcRequest): Promise<void> {
    this.#inFlight = request.id;
    try {
      const result = await this.handle(request);
      if (request.id !== undefined && this.#inFlight === request.id) {
        this.#write({ jsonrpc: '2.0', id: request.id, result: result ?? null });
      }
    } catch (error) {
      if (request.id !== undefined && this.#inFlight === request.id) {
        this.#write({ jsonrpc: '2.0', id: request.id, error: this.mapError(error) });
      }
    } finally {
      this.#inFlight = undefined;
    }
  }

  #write(message: object): void {
    this.output.write(`${JSON.stringify(message)}\n`);
  }
}
