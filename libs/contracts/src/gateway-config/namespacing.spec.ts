import { describe, expect, it } from 'vitest';
import {
  NAMESPACE_SEPARATOR,
  namespaceOf,
  qualifyName,
  splitQualifiedName,
} from './namespacing.js';

describe('namespaceOf', () => {
  it('defaults to the upstream name', () => {
    expect(namespaceOf({ name: 'github' })).toBe('github');
    expect(namespaceOf({ name: 'github', namespace: undefined })).toBe('github');
  });

  it('uses an explicit namespace, including the empty one', () => {
    expect(namespaceOf({ name: 'github', namespace: 'gh' })).toBe('gh');
    expect(namespaceOf({ name: 'github', namespace: '' })).toBe('');
  });
});

describe('qualifyName', () => {
  it('joins namespace and name with the separator', () => {
    expect(NAMESPACE_SEPARATOR).toBe('__');
    expect(qualifyName('gh', 'create_issue')).toBe('gh__create_issue');
  });

  it('leaves the name bare for the unprefixed namespace', () => {
    expect(qualifyName('', 'create_issue')).toBe('create_issue');
  });
});

describe('splitQualifiedName', () => {
  it('splits at the first separator, keeping later ones in the name', () => {
    expect(splitQualifiedName('gh__create_issue')).toEqual({
      namespace: 'gh',
      name: 'create_issue',
    });
    expect(splitQualifiedName('gh__a__b')).toEqual({ namespace: 'gh', name: 'a__b' });
    expect(splitQualifiedName('gh___private')).toEqual({ namespace: 'gh', name: '_private' });
  });

  it('allows an empty name after the namespace', () => {
    expect(splitQualifiedName('gh__')).toEqual({ namespace: 'gh', name: '' });
  });

  it('refuses names without a separator or with an empty namespace', () => {
    expect(splitQualifiedName('create_issue')).toBeUndefined();
    expect(splitQualifiedName('')).toBeUndefined();
    expect(splitQualifiedName('__create_issue')).toBeUndefined();
  });

  it('inverts qualifyName for any valid namespace', () => {
    for (const [namespace, name] of [
      ['gh', 'x'],
      ['my-ns', 'tool__with__separators'],
      ['a_b', '_lead'],
      ['x1', ''],
    ] as const) {
      expect(splitQualifiedName(qualifyName(namespace, name))).toEqual({ namespace, name });
    }
  });
});
