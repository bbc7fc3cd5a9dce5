import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  type CreateMessageRequest,
  type ElicitRequest,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';

/** What a client's sampling and elicitation handlers were asked, in order. */
export interface ClientRequestLog {
  sampling: CreateMessageRequest['params'][];
  elicitation: ElicitRequest['params'][];
}

export const SAMPLING_AND_ELICITATION = { sampling: {}, elicitation: {} };

/** The text of the first user message of a sampling request. */
export function samplingPrompt(params: CreateMessageRequest['params']): string {
  const content = params.messages[0]?.content;
  return content !== undefined && !Array.isArray(content) && content.type === 'text'
    ? content.text
    : '';
}

/**
 * Registers a sampling handler that answers `<answerPrefix>: <prompt>` and an elicitation
 * handler that accepts with `elicitContent`, logging every request it gets.
 */
export function answerClientRequests(
  client: Client,
  answerPrefix: string,
  elicitContent: NonNullable<ElicitResult['content']>,
): ClientRequestLog {
  const log: ClientRequestLog = { sampling: [], elicitation: [] };
  client.setRequestHandler(CreateMessageRequestSchema, (request) => {
    log.sampling.push(request.params);
    return {
      model: 'test-model',
      role: 'assistant',
      content: { type: 'text', text: `${answerPrefix}: ${samplingPrompt(request.params)}` },
    };
  });
  client.setRequestHandler(ElicitRequestSchema, (request) => {
    log.elicitation.push(request.params);
    return { action: 'accept', content: elicitContent };
  });
  return log;
}
