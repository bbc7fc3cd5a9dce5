import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';

const tracer = () => trace.getTracer('gatehouse-gateway');

type HeaderBag = Record<string, string | string[] | undefined>;

const headerGetter = {
  keys: (carrier: HeaderBag): string[] => Object.keys(carrier),
  get: (carrier: HeaderBag, key: string): string | undefined => {
    const value = carrier[key.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  },
};

function fail(span: Span, error: unknown): void {
  // The error's class and a generic message: messages may quote arguments, spans never do.
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.name : 'error',
  });
}

/**
 * Runs one MCP request inside a server span that continues the client's W3C trace context
 * (`traceparent`/`tracestate`, when sent). Attributes name the method and tool, never the
 * arguments or results.
 */
export async function withMcpRequestSpan<T>(
  headers: HeaderBag,
  attributes: { method: string; tool?: string; tenant?: string },
  run: () => Promise<T>,
): Promise<T> {
  const parent = propagation.extract(context.active(), headers, headerGetter);
  const span = tracer().startSpan(
    `mcp ${attributes.method}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        'mcp.method.name': attributes.method,
        ...(attributes.tool === undefined ? {} : { 'gen_ai.tool.name': attributes.tool }),
        ...(attributes.tenant === undefined ? {} : { 'gatehouse.tenant': attributes.tenant }),
      },
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), run);
  } catch (error) {
    fail(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/**
 * One HTTP request to an upstream inside a client span, with the span's context injected
 * into the request's headers (`traceparent`, `tracestate`): the upstream continues the trace.
 */
export async function withUpstreamSpan<T>(
  upstream: string,
  method: string,
  headers: Record<string, string>,
  run: (headers: Record<string, string>) => Promise<T>,
): Promise<T> {
  const span = tracer().startSpan(`upstream ${upstream}`, {
    kind: SpanKind.CLIENT,
    attributes: { 'http.request.method': method, 'gatehouse.upstream': upstream },
  });
  const active = trace.setSpan(context.active(), span);
  const carried: Record<string, string> = { ...headers };
  propagation.inject(active, carried);
  try {
    return await context.with(active, () => run(carried));
  } catch (error) {
    fail(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** The active trace and span ids, for log lines (empty outside a span). */
export function traceFields(): { traceId?: string; spanId?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  if (/^0+$/.test(traceId)) return {};
  return { traceId, spanId };
}

/** What an MCP request span is named and labelled by: method, tool (tools/call), tenant. */
export function mcpSpanAttributes(
  body: unknown,
  tenant: string | undefined,
): { method: string; tool?: string; tenant?: string } {
  const message = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
  const method =
    'method' in message && typeof message.method === 'string' ? message.method : 'batch';
  const params = 'params' in message ? message.params : undefined;
  const tool =
    method === 'tools/call' &&
    typeof params === 'object' &&
    params !== null &&
    'name' in params &&
    typeof params.name === 'string'
      ? params.name.slice(0, 300)
      : undefined;
  return {
    method: method.slice(0, 100),
    ...(tool === undefined ? {} : { tool }),
    ...(tenant === undefined ? {} : { tenant }),
  };
}
