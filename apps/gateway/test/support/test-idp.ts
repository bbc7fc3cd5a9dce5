import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  SignJWT,
  exportJWK,
  generateKeyPair,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface MintOptions {
  claims?: JWTPayload;
  audience?: string | string[];
  issuer?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  /** Seconds from now the token becomes valid. */
  notBefore?: number;
  /** Sign with a key the JWKS does not publish (under a published kid, or a fresh one). */
  foreignKey?: boolean;
}

/**
 * An OAuth authorization server of our own for tests: ES256 key pairs, the public keys served
 * as a JWKS over real HTTP, tokens minted on demand, and key rotation, with a count of how often
 * the JWKS was fetched (to see the gateway's cache and refresh at work).
 */
export class TestIdp {
  private keys: SigningKey[] = [];
  private fetches = 0;

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
    readonly jwksUri: string,
  ) {}

  static async start(): Promise<TestIdp> {
    // The handler needs the IdP, which needs the server's port: filled in once listening.
    const holder: { idp?: TestIdp } = {};
    const server = createServer((request, response) => {
      const idp = holder.idp;
      if (idp === undefined || request.url !== '/jwks') {
        response.writeHead(404).end();
        return;
      }
      idp.fetches += 1;
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: idp.keys.map((key) => key.publicJwk) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const origin = `http://127.0.0.1:${port}`;
    const idp = new TestIdp(server, origin, `${origin}/jwks`);
    holder.idp = idp;
    await idp.rotate();
    return idp;
  }

  /** How many times the JWKS was fetched. */
  get jwksFetches(): number {
    return this.fetches;
  }

  get currentKid(): string {
    return this.current().kid;
  }

  /** A new signing key replaces the old one in the JWKS (the old one is retired at once). */
  async rotate(): Promise<string> {
    const key = await newKey();
    this.keys = [key];
    return key.kid;
  }

  async mint(options: MintOptions = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const key =
      options.foreignKey === true
        ? { ...(await newKey()), kid: this.current().kid }
        : this.current();
    const jwt = new SignJWT({ ...options.claims })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'at+jwt' })
      .setIssuer(options.issuer ?? this.issuer)
      .setIssuedAt(now)
      .setJti(randomUUID())
      .setExpirationTime(now + (options.expiresIn ?? 300));
    if (options.audience !== undefined) jwt.setAudience(options.audience);
    if (options.notBefore !== undefined) jwt.setNotBefore(now + options.notBefore);
    return jwt.sign(key.privateKey);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private current(): SigningKey {
    const key = this.keys[0];
    if (key === undefined) throw new Error('the test IdP has no key');
    return key;
  }
}

async function newKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { kid, privateKey, publicJwk };
}
