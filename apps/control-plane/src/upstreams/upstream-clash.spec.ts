import { describe, expect, it } from 'vitest';
import { effectiveNamespace, findUpstreamClash } from './upstream-clash.js';
import type { UpstreamIdentity } from './upstream-clash.js';

const tenantA = '01900000-0000-7000-8000-00000000000a';
const tenantB = '01900000-0000-7000-8000-00000000000b';

function upstream(
  name: string,
  tenantId: string | null,
  namespace: string | null = null,
  id = `id-${name}-${tenantId ?? 'shared'}`,
): UpstreamIdentity {
  return { id, name, tenantId, namespace };
}

describe('effectiveNamespace', () => {
  it('is the name unless a namespace (even "") is set', () => {
    expect(effectiveNamespace(upstream('github', null))).toBe('github');
    expect(effectiveNamespace(upstream('github', null, 'gh'))).toBe('gh');
    expect(effectiveNamespace(upstream('github', null, ''))).toBe('');
  });
});

describe('findUpstreamClash', () => {
  it('lets two tenants use the same name and prefix', () => {
    expect(findUpstreamClash(upstream('files', tenantA), [upstream('files', tenantB)])).toBe(
      undefined,
    );
  });

  it("refuses a tenant upstream named like a shared one, and a shared one named like a tenant's", () => {
    expect(findUpstreamClash(upstream('files', tenantA), [upstream('files', null)])).toMatch(
      /name "files" is taken by upstream "files" \(shared\)/,
    );
    expect(findUpstreamClash(upstream('files', null), [upstream('files', tenantB)])).toMatch(
      new RegExp(`taken by upstream "files" \\(of tenant ${tenantB}\\)`),
    );
  });

  it('refuses a prefix another visible upstream uses, by name or namespace', () => {
    expect(findUpstreamClash(upstream('github', tenantA, 'gh'), [upstream('gh', null)])).toMatch(
      /tool prefix "gh" is taken by upstream "gh"/,
    );
    expect(
      findUpstreamClash(upstream('gitlab', tenantA), [upstream('other', tenantA, 'gitlab')]),
    ).toMatch(/tool prefix "gitlab"/);
  });

  it('allows only one unprefixed upstream per tenant view', () => {
    expect(findUpstreamClash(upstream('a', tenantA, ''), [upstream('b', null, '')])).toMatch(
      /only one upstream a tenant sees may have no tool prefix/i,
    );
    expect(findUpstreamClash(upstream('a', tenantA, ''), [upstream('b', tenantB, '')])).toBe(
      undefined,
    );
  });

  it('ignores the upstream itself (an update)', () => {
    const self = upstream('files', tenantA, 'f', 'same-id');
    expect(findUpstreamClash({ ...self, namespace: 'files' }, [self])).toBe(undefined);
  });
});
