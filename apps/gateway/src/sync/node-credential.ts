import { readFile } from 'node:fs/promises';
import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * The bearer credential a node presents to the control plane. Wrapped so that no log line,
 * error message or `console.log` of an options object can print it: only `bearer()` reveals it.
 */
export class NodeCredential {
  readonly #value: string;

  constructor(value: string) {
    const trimmed = value.trim();
    if (trimmed === '') throw new NodeCredentialError('the node credential is empty');
    if (/[\s]/.test(trimmed))
      throw new NodeCredentialError('the node credential contains whitespace');
    this.#value = trimmed;
  }

  /** The Authorization header value. */
  bearer(): string {
    return `Bearer ${this.#value}`;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `NodeCredential(${REDACTED})`;
  }
}

export class NodeCredentialError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NodeCredentialError';
  }
}

/** Where the credential comes from: a file (preferred: a mounted secret) or an env value. */
export type NodeCredentialSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'value'; readonly credential: NodeCredential };

export async function loadNodeCredential(source: NodeCredentialSource): Promise<NodeCredential> {
  if (source.kind === 'value') return source.credential;
  let text: string;
  try {
    text = await readFile(source.path, 'utf8');
  } catch (error) {
    throw new NodeCredentialError(
      `cannot read the node credential file ${source.path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  try {
    return new NodeCredential(text);
  } catch (error) {
    throw new NodeCredentialError(`${source.path}: ${(error as Error).message}`, { cause: error });
  }
}
