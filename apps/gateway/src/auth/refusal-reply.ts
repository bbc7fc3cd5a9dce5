import type { PolicyRefusal } from '@gatehouse/policy';
import { JsonRpcErrorCode, errorResponse } from '../jsonrpc/jsonrpc-errors.js';
import type { JsonRpcId } from '../jsonrpc/jsonrpc-message.js';
import { jsonReply, type DownstreamReply } from '../mcp/downstream-reply.js';
import { bearerChallenge } from './bearer-challenge.js';

/**
 * A policy refusal as the client sees it. Missing scopes are the spec's step-up path (HTTP 403
 * with a challenge naming them); an unknown or foreign tool is the plain MCP "Unknown tool";
 * everything else is a JSON-RPC error naming the rule in its message and `data`.
 */
export function refusalReply(
  id: JsonRpcId,
  refusal: PolicyRefusal,
  metadataUrl: string,
): DownstreamReply {
  const data = { rule: refusal.rule, reason: refusal.reason };
  switch (refusal.reason) {
    case 'tool_unknown':
    case 'tool_disabled':
      return jsonReply(errorResponse(id, JsonRpcErrorCode.InvalidParams, refusal.message));
    case 'insufficient_scope': {
      const scope = (refusal.missingScopes ?? []).join(' ');
      return jsonReply(
        errorResponse(id, JsonRpcErrorCode.Refused, `Forbidden: ${refusal.message}`, {
          ...data,
          scope,
        }),
        403,
        {
          'www-authenticate': bearerChallenge(metadataUrl, {
            code: 'insufficient_scope',
            scope,
            description: refusal.message,
          }),
        },
      );
    }
    case 'arguments_too_large':
    case 'arguments_invalid':
    case 'argument_rule':
      return jsonReply(errorResponse(id, JsonRpcErrorCode.InvalidParams, refusal.message, data));
    default:
      return jsonReply(errorResponse(id, JsonRpcErrorCode.Refused, refusal.message, data));
  }
}
