import type { NodeCredential } from './node-credential.js';
import type { SnapshotPullFailure } from './snapshot-metrics.js';

export type SnapshotPull =
  | { readonly kind: 'not-modified' }
  | { readonly kind: 'snapshot'; readonly jws: string; readonly etag: string | undefined }
  /** The fleet exists for the control plane but nothing was published for it yet (404). */
  | { readonly kind: 'no-snapshot'; readonly detail: string };

export class SnapshotPullError extends Error {
  constructor(
    readonly kind: Exclude<SnapshotPullFailure, 'no-snapshot'>,
    message: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'SnapshotPullError';
  }
}

export interface SnapshotClientOptions {
  readonly controlPlaneUrl: URL;
  readonly fleetId: string;
  readonly credential: NodeCredential;
  /** Added to the long-poll wait: how long a silent control plane is given beyond it. */
  readonly slackMs?: number;
}

export interface PullOptions {
  /** The version the node has; the control plane answers 304 while it has the same. */
  readonly ifNoneMatch?: string | undefined;
  readonly waitSeconds: number;
  readonly signal: AbortSignal;
}

/** Snapshots are large at enterprise size, but not unbounded: a runaway body is an error. */
const MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;
const DEFAULT_SLACK_MS = 15_000;
const ERROR_EXCERPT_CHARS = 300;

/** The node's half of `GET /api/v1/fleets/{fleetId}/snapshot` (ETag + long-poll). */
export class SnapshotClient {
  readonly url: URL;

  constructor(private readonly options: SnapshotClientOptions) {
    this.url = new URL(
      `api/v1/fleets/${encodeURIComponent(options.fleetId)}/snapshot`,
      withTrailingSlash(options.controlPlaneUrl),
    );
  }

  async pull(options: PullOptions): Promise<SnapshotPull> {
    const url = new URL(this.url);
    if (options.waitSeconds > 0) url.searchParams.set('wait', String(options.waitSeconds));
    const headers: Record<string, string> = {
      authorization: this.options.credential.bearer(),
      accept: 'application/jose',
    };
    if (options.ifNoneMatch !== undefined) headers['if-none-match'] = `"${options.ifNoneMatch}"`;
    const timeoutMs = options.waitSeconds * 1000 + (this.options.slackMs ?? DEFAULT_SLACK_MS);
    const signal = AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]);
    let response: Response;
    try {
      response = await fetch(url, { headers, signal, redirect: 'error' });
    } catch (error) {
      if (options.signal.aborted) throw error;
      throw new SnapshotPullError(
        'unreachable',
        `${this.url.origin} unreachable: ${describe(error)}`,
        undefined,
        {
          cause: error,
        },
      );
    }
    if (response.status === 304) {
      await response.body?.cancel();
      return { kind: 'not-modified' };
    }
    if (response.status === 200) {
      const jws = (await readBounded(response, signal)).trim();
      return { kind: 'snapshot', jws, etag: parseEtag(response.headers.get('etag')) };
    }
    const excerpt = await errorExcerpt(response);
    if (response.status === 404) return { kind: 'no-snapshot', detail: excerpt };
    if (response.status === 401 || response.status === 403) {
      throw new SnapshotPullError(
        'unauthorized',
        `the control plane refused the node credential (HTTP ${response.status}${excerpt === '' ? '' : `: ${excerpt}`})`,
        response.status,
      );
    }
    throw new SnapshotPullError(
      'http-error',
      `the control plane answered HTTP ${response.status}${excerpt === '' ? '' : `: ${excerpt}`}`,
      response.status,
    );
  }
}

function withTrailingSlash(url: URL): URL {
  const copy = new URL(url);
  if (!copy.pathname.endsWith('/')) copy.pathname = `${copy.pathname}/`;
  copy.search = '';
  copy.hash = '';
  return copy;
}

/** `"12"` or `W/"12"` → `12`. */
export function parseEtag(header: string | null): string | undefined {
  if (header === null) return undefined;
  const match = /^(?:W\/)?"([^"]*)"$/.exec(header.trim());
  return match?.[1] ?? (header.trim() === '' ? undefined : header.trim());
}

async function readBounded(response: Response, signal: AbortSignal): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > MAX_SNAPSHOT_BYTES) {
    await response.body?.cancel();
    throw new SnapshotPullError(
      'http-error',
      `the snapshot is ${declared} bytes, over the ${MAX_SNAPSHOT_BYTES}-byte limit`,
      response.status,
    );
  }
  // The DOM typing leaves chunks untyped; fetch's body yields bytes.
  const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > MAX_SNAPSHOT_BYTES) {
        await reader.cancel();
        throw new SnapshotPullError(
          'http-error',
          `the snapshot is over the ${MAX_SNAPSHOT_BYTES}-byte limit`,
          response.status,
        );
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof SnapshotPullError || signal.aborted) throw error;
    throw new SnapshotPullError(
      'unreachable',
      `the snapshot download broke off: ${describe(error)}`,
      undefined,
      {
        cause: error,
      },
    );
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The control plane's error message, shortened; never more than a line of the log. */
async function errorExcerpt(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  let message = text;
  try {
    // The control plane answers `{ error: { code, message } }`; plain `{ message }` is accepted too.
    const parsed = JSON.parse(text) as { message?: unknown; error?: { message?: unknown } };
    if (typeof parsed.error?.message === 'string') message = parsed.error.message;
    else if (typeof parsed.message === 'string') message = parsed.message;
  } catch {
    // not JSON: the text itself
  }
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > ERROR_EXCERPT_CHARS ? `${line.slice(0, ERROR_EXCERPT_CHARS)}…` : line;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
