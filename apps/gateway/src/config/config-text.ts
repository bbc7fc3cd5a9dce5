/** Three base64url segments joined by dots, nothing else: how a compact JWS looks on disk. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;

/**
 * Whether a config file holds a signed snapshot (compact JWS) or a plain YAML/JSON config. No
 * YAML or JSON config looks like a JWS (a config is a mapping), so the content decides, not the
 * file name: an operator can swap one for the other in place.
 */
export function isCompactJws(text: string): boolean {
  return COMPACT_JWS.test(text.trim());
}
