import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { LruMap } from '../runtime/lru-map.js';
import { SESSION_STATE_VERSION, type SessionState } from './session-state.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const PREFIX = 'gh1.';

/**
 * Seals session state into an opaque `Mcp-Session-Id` with AES-256-GCM under a fleet key,
 * so every node of the fleet can open it and no client can read or forge it.
 */
export class SessionSealer {
  private readonly key: KeyObject;
  /** Opened ids, so the hot path decrypts a session once per node, not once per request. */
  private readonly opened = new LruMap<string, SessionState>(10_000);

  constructor(secret: string | Buffer) {
    this.key = createSecretKey(
      Buffer.from(hkdfSync('sha256', secret, 'gatehouse', 'gatehouse-session-v1', 32)),
    );
  }

  static withRandomSecret(): SessionSealer {
    return new SessionSealer(randomBytes(32));
  }

  seal(state: SessionState): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(state), 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The state, or undefined for anything forged, foreign, corrupt or expired. */
  open(
    token: string,
    nowSeconds: number = Math.floor(Date.now() / 1000),
  ): SessionState | undefined {
    const cached = this.opened.get(token);
    if (cached !== undefined) return cached.exp > nowSeconds ? cached : undefined;
    const state = this.decrypt(token);
    if (state === undefined || state.exp <= nowSeconds) return undefined;
    this.opened.set(token, state);
    return state;
  }

  private decrypt(token: string): SessionState | undefined {
    if (!token.startsWith(PREFIX) || token.length > 16_384) return undefined;
    const raw = Buffer.from(token.slice(PREFIX.length), 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES + 2) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      const text = Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
      const state = JSON.parse(text) as SessionState;
      if (state.v !== SESSION_STATE_VERSION || typeof state.exp !== 'number') return undefined;
      return state;
    } catch {
      return undefined;
    }
  }
}
