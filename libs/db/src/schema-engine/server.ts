// Server mode: JSON-RPC over stdio on top of the Wasm engine. The engine connects to the
// database when it is constructed, so it is started on the first request: a connection
// error then becomes that request's error, which the CLI can print, not a dead process.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { EngineArgs } from './args.js';
import { describeEngineError, toJsonRpcError } from './errors.js';
import { JsonRpcPeer } from './json-rpc.js';
import type { JsonRpcRequest } from './json-rpc.js';
import { callMethod } from './methods.js';
import { GatehousePgAdapterFactory } from './pg-adapter-factory.js';
import { startWasmEngine } from './wasm-engine.js';
import type { SchemaEngine } from './wasm-engine.js';

export interface ServerIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: (line: string) => void;
}

export class SchemaEngineServer {
  readonly #factory: GatehousePgAdapterFactory;
  readonly #peer: JsonRpcPeer;
  #engine: Promise<SchemaEngine> | undefined;

  constructor(
    private readonly args: EngineArgs,
    private readonly io: ServerIo,
  ) {
    this.#factory = new GatehousePgAdapterFactory(args.datasource);
    this.#peer = new JsonRpcPeer(
      io.stdin,
      io.stdout,
      (request) => this.#handle(request),
      (error) => toJsonRpcError(describeEngineError(error, args.datasource.url)),
    );
  }

  /** Serves until the CLI closes stdin. */
  async serve(): Promise<void> {
    await this.#peer.serve();
  }

  /** Answers the in-flight request with `error` (the process is about to exit). */
  failInFlight(error: unknown): void {
    this.#peer.failInFlight(error);
  }

  async close(): Promise<void> {
    const engine = await this.#engine?.catch(() => undefined);
    engine?.free();
    await this.#factory.dropLeftoverShadowDatabases();
  }

  async #handle(request: JsonRpcRequest): Promise<unknown> {
    const engine = await this.#startedEngine();
    const result = await callMethod(
      {
        engine,
        datasource: this.args.datasource,
        print: async (content) => {
          await this.#peer.request('print', { content });
        },
      },
      request.method,
      request.params,
    );
    // The CLI treats a missing `result` as a protocol error; unit results are `{}` natively.
    return result ?? {};
  }

  #startedEngine(): Promise<SchemaEngine> {
    if (!this.#engine) {
      this.#engine = this.#loadDatamodels().then((datamodels) =>
        startWasmEngine({
          datamodels,
          adapterFactory: this.#factory,
          log: (line) => this.io.stderr(line.trimEnd()),
        }),
      );
      // A failed start is retried by the next request rather than cached forever.
      this.#engine.catch(() => {
        this.#engine = undefined;
      });
    }
    return this.#engine;
  }

  async #loadDatamodels(): Promise<[string, string][] | undefined> {
    if (this.args.datamodelPaths.length === 0) return undefined;
    return Promise.all(
      this.args.datamodelPaths.map(async (path): Promise<[string, string]> => [
        path,
        await readFile(resolve(path), 'utf8'),
      ]),
    );
  }
}
