import { z } from 'zod';

export const snapshotPublicJwkSchema = z
  .object({
    kty: z.literal('OKP'),
    crv: z.literal('Ed25519'),
    x: z.string().describe('The public key, base64url'),
    kid: z.string().describe('RFC 7638 thumbprint: the `kid` in the header of snapshots it signs'),
    alg: z.literal('EdDSA'),
    use: z.literal('sig'),
  })
  .meta({ id: 'SnapshotPublicJwk' });

/**
 * The public keys gateway nodes may trust, as a JWKS: saved to a file, it is a valid
 * `--trusted-keys` file for a node.
 */
export const signingKeySetSchema = z
  .object({
    keys: z
      .array(snapshotPublicJwkSchema)
      .describe(
        'The key signing new snapshots first, then earlier keys still trusted during a rollover, then keys announced ahead of one',
      ),
  })
  .meta({ id: 'SigningKeySet' });
export type SigningKeySet = z.infer<typeof signingKeySetSchema>;
