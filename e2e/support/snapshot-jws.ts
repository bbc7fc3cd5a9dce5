import { base64url } from 'jose';
import { z } from 'zod';

// Snapshots as they travel: compact JWS (header.payload.signature) over the canonical JSON of
// the envelope. These helpers read one and forge the bad ones a node must refuse.

const envelopeSchema = z.looseObject({
  fleetId: z.string(),
  version: z.int(),
  contentHash: z.string(),
  config: z.looseObject({
    upstreams: z.array(z.looseObject({ name: z.string() })),
  }),
});
export type RawEnvelope = z.infer<typeof envelopeSchema>;

function decodeJson(part: string | undefined): unknown {
  return JSON.parse(new TextDecoder().decode(base64url.decode(part ?? '')));
}

export function envelopeOf(jws: string): RawEnvelope {
  return envelopeSchema.parse(decodeJson(jws.trim().split('.')[1]));
}

/** The same header and signature over a payload someone changed on the way. */
export function tampered(jws: string, change: (envelope: RawEnvelope) => RawEnvelope): string {
  const [header, , signature] = jws.trim().split('.');
  const payload = base64url.encode(JSON.stringify(change(envelopeOf(jws))));
  return `${header ?? ''}.${payload}.${signature ?? ''}`;
}

/** `alg: none`: a snapshot that claims no signature at all. */
export function unsignedJws(envelope: RawEnvelope): string {
  const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'gatehouse-snapshot+jws' }));
  return `${header}.${base64url.encode(JSON.stringify(envelope))}.`;
}
