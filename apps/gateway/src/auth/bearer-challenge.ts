/** `WWW-Authenticate` values (RFC 6750 §3, RFC 9728 §5.1), as the MCP authorization spec asks. */
export function bearerChallenge(
  metadataUrl: string,
  error?: {
    code: 'invalid_token' | 'insufficient_scope' | 'invalid_request';
    description?: string;
    scope?: string;
  },
): string {
  const params = [`resource_metadata="${quote(metadataUrl)}"`];
  if (error !== undefined) {
    params.unshift(`error="${error.code}"`);
    if (error.scope !== undefined) params.push(`scope="${quote(error.scope)}"`);
    if (error.description !== undefined)
      params.push(`error_description="${quote(error.description)}"`);
  }
  return `Bearer ${params.join(', ')}`;
}

/** RFC 6750 allows %x20-21 / %x23-5B / %x5D-7E in these values: no quotes, backslashes or controls. */
function quote(value: string): string {
  return value.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, ' ');
}
