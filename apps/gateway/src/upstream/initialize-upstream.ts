import type { JsonRpcMessage, JsonRpcRequest } from '../jsonrpc/jsonrpc-message.js';
import type { UpstreamSessionRef } from '../session/session-state.js';
import { isSupportedProtocolVersion } from '../mcp/protocol-versions.js';
import { collectResponse } from './collect-response.js';
import {
  UpstreamError,
  type UpstreamInitParams,
  type UpstreamReply,
  type UpstreamSessionOpened,
} from './upstream.js';

type SendFn = (
  message: JsonRpcMessage,
  ref: UpstreamSessionRef | undefined,
) => Promise<{ reply: UpstreamReply; sessionId: string | undefined }>;

let initCounter = 0;

/** The MCP handshake with an upstream: initialize, check the answer, then notifications/initialized. */
export async function initializeOverTransport(
  upstream: string,
  params: UpstreamInitParams,
  send: SendFn,
): Promise<UpstreamSessionOpened> {
  initCounter += 1;
  const request: JsonRpcRequest = {
    jsonrpc: '2.0',
    id: `gatehouse-init-${initCounter}`,
    method: 'initialize',
    params: {
      protocolVersion: params.protocolVersion,
      capabilities: params.capabilities,
      clientInfo: params.clientInfo,
    },
  };
  const { reply, sessionId } = await send(request, undefined);
  const response = await collectResponse(reply, request.id);
  if ('error' in response) {
    throw new UpstreamError(
      upstream,
      'protocol',
      `upstream "${upstream}" refused initialize: ${response.error.message}`,
    );
  }
  const result = response.result;
  const version = result.protocolVersion;
  if (!isSupportedProtocolVersion(version)) {
    throw new UpstreamError(
      upstream,
      'protocol',
      `upstream "${upstream}" speaks unsupported protocol version ${String(version)}`,
    );
  }
  const ref: UpstreamSessionRef =
    sessionId === undefined ? { pv: version } : { sid: sessionId, pv: version };
  await send({ jsonrpc: '2.0', method: 'notifications/initialized' }, ref);
  const opened: UpstreamSessionOpened = {
    ...ref,
    capabilities: isObject(result.capabilities) ? result.capabilities : {},
  };
  if (isObject(result.serverInfo)) opened.serverInfo = result.serverInfo;
  if (typeof result.instructions === 'string') opened.instructions = result.instructions;
  return opened;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
