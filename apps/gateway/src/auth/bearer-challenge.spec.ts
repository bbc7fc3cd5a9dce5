import { describe, expect, it } from 'vitest';
import { bearerChallenge } from './bearer-challenge.js';
import { refusalReply } from './refusal-reply.js';

const METADATA = 'https://gw.example/.well-known/oauth-protected-resource';

describe('bearerChallenge', () => {
  it('points at the metadata, with the error and scope when there is one', () => {
    expect(bearerChallenge(METADATA)).toBe(`Bearer resource_metadata="${METADATA}"`);
    expect(bearerChallenge(METADATA, { code: 'insufficient_scope', scope: 'a b' })).toBe(
      `Bearer error="insufficient_scope", resource_metadata="${METADATA}", scope="a b"`,
    );
  });

  it('keeps quotes, backslashes and control characters out of quoted values', () => {
    const header = bearerChallenge(METADATA, { code: 'invalid_token', description: 'bad "x"\\\n' });
    expect(header).toBe(
      `Bearer error="invalid_token", resource_metadata="${METADATA}", error_description="bad  x   "`,
    );
  });
});

describe('refusalReply', () => {
  const base = { allowed: false as const, trail: [] };

  it('answers missing scopes with 403 and a step-up challenge', () => {
    const reply = refusalReply(
      7,
      {
        ...base,
        reason: 'insufficient_scope',
        rule: 'scope:x',
        message: 'needs x',
        missingScopes: ['x', 'y'],
      },
      METADATA,
    );
    expect(reply).toMatchObject({
      kind: 'json',
      status: 403,
      headers: { 'www-authenticate': expect.stringContaining('scope="x y"') as unknown },
      body: {
        id: 7,
        error: {
          code: -32012,
          data: { rule: 'scope:x', reason: 'insufficient_scope', scope: 'x y' },
        },
      },
    });
  });

  it('answers unknown and disabled tools alike, and argument refusals with -32602 and the rule', () => {
    for (const reason of ['tool_unknown', 'tool_disabled'] as const)
      expect(
        refusalReply(1, { ...base, reason, rule: 'tool', message: 'Unknown tool: t' }, METADATA),
      ).toEqual({
        kind: 'json',
        status: 200,
        body: { jsonrpc: '2.0', id: 1, error: { code: -32602, message: 'Unknown tool: t' } },
      });
    expect(
      refusalReply(
        2,
        { ...base, reason: 'argument_rule', rule: 'range:limit', message: 'too big' },
        METADATA,
      ),
    ).toMatchObject({
      status: 200,
      body: { error: { code: -32602, data: { rule: 'range:limit', reason: 'argument_rule' } } },
    });
  });
});
