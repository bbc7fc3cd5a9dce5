import { LruMap } from '../runtime/lru-map.js';

interface TemplateOwner {
  upstream: string;
  template: string;
  pattern: RegExp;
}

/**
 * Resource URIs pass through unchanged (clients and servers exchange them verbatim), so reads
 * are routed by who listed a URI or a matching template. Learned from lists, node-local, and
 * refilled from a fresh list on a miss: a cache, never the only copy.
 */
export class ResourceRouter {
  private readonly uriOwners = new LruMap<string, string>(100_000);
  private templates: TemplateOwner[] = [];

  learnResource(upstream: string, uri: string): void {
    this.uriOwners.set(uri, upstream);
  }

  learnTemplates(upstream: string, templates: readonly Record<string, unknown>[]): void {
    const kept = this.templates.filter((owner) => owner.upstream !== upstream);
    for (const template of templates) {
      if (typeof template.uriTemplate !== 'string') continue;
      kept.push({
        upstream,
        template: template.uriTemplate,
        pattern: templateToPattern(template.uriTemplate),
      });
    }
    this.templates = kept;
  }

  /** The upstream that owns a URI or a template string, if known. */
  ownerOf(uri: string): string | undefined {
    const exact = this.uriOwners.get(uri);
    if (exact !== undefined) return exact;
    for (const owner of this.templates) {
      if (owner.template === uri || owner.pattern.test(uri)) return owner.upstream;
    }
    return undefined;
  }
}

/** RFC 6570 templates as a matcher: simple expansions match one path segment, others the rest. */
export function templateToPattern(template: string): RegExp {
  let source = '^';
  let last = 0;
  for (const match of template.matchAll(/\{([^}]*)\}/g)) {
    source += escapeRegExp(template.slice(last, match.index));
    const expression = match[1] ?? '';
    const operator = expression[0] ?? '';
    if (operator === '?' || operator === '&') source += '(?:[?&].*)?';
    else if (operator === '+' || operator === '#') source += '.*';
    else if (operator === '/' || operator === '.' || operator === ';') source += '.*';
    else source += '[^/?#]+';
    last = (match.index ?? 0) + match[0].length;
  }
  source += escapeRegExp(template.slice(last)) + '$';
  return new RegExp(source);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
