// Loads Prisma's npm-published Wasm schema engine. The package's own entry point imports
// the `.wasm` file as an ES module (Wasm-ESM integration), which Node does not promise
// everywhere; instantiating it ourselves from the package's JS glue works on any Node ≥ 22.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { webAssembly } from './webassembly.js';

export type { SchemaEngine };

interface WasmExports {
  readonly __wbindgen_start: () => void;
}

let loading: Promise<typeof glue> | undefined;

async function instantiate(): Promise<typeof glue> {
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bytes = await readFile(join(dirname(gluePath), 'schema_engine_bg.wasm'));
  // The glue module is the Wasm module's only import namespace, under this exact name.
  const { instance } = await webAssembly.instantiate(bytes, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports as unknown as WasmExports).__wbindgen_start();
  return glue;
}

/** The Wasm engine's build hash (the prisma-engines commit it was built from). */
export async function wasmEngineVersion(): Promise<string> {
  loading ??= instantiate();
  return (await loading).version();
}

export interface WasmEngineOptions {
  /** Schema files as `[path, content]`, or undefined when the command has none. */
  readonly datamodels: [string, string][] | undefined;
  readonly adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Receives the engine's log lines (JSON, in the native engine's stderr format). */
  readonly log: (line: string) => void;
}

export async function startWasmEngine(options: WasmEngineOptions): Promise<SchemaEngine> {
  loading ??= instantiate();
  const { SchemaEngine: Engine } = await loading;
  // TOOLCHAIN.md, trap 1: the engine calls the adapter through the error-capturing wrapper
  // (`Result` values, an error registry); a bare factory fails with
  // "Cannot read properties of null (reading 'externalPool')".
  const adapter = bindMigrationAwareSqlAdapterFactory(options.adapterFactory);
  return Engine.new({ datamodels: options.datamodels }, options.log, adapter);
}
