// The few WebAssembly globals we use. Node has them at runtime, but the workspace's
// TypeScript libs (ES2024 + @types/node, no DOM) do not declare them.
interface WebAssemblyGlobal {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, object>,
  ): Promise<{ instance: { exports: object } }>;
  readonly RuntimeError: abstract new (...args: never[]) => Error;
}

export const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyGlobal })
  .WebAssembly;
