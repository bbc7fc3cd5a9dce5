import { describe, expect, it } from 'vitest';
import { ResourceRouter, templateToPattern } from './resource-router.js';

describe('templateToPattern', () => {
  it('matches a simple expansion against exactly one non-empty segment', () => {
    const pattern = templateToPattern('users://{id}/profile');
    expect(pattern.test('users://42/profile')).toBe(true);
    expect(pattern.test('users://a-b_c.d/profile')).toBe(true);
    expect(pattern.test('users://4/2/profile')).toBe(false);
    expect(pattern.test('users:///profile')).toBe(false);
    expect(pattern.test('users://42?x=1/profile')).toBe(false);
    expect(pattern.test('users://42/profile/extra')).toBe(false);
    expect(pattern.test('prefix-users://42/profile')).toBe(false);
  });

  it('matches several simple expansions each to their own segment', () => {
    const pattern = templateToPattern('repo://{owner}/{name}');
    expect(pattern.test('repo://octo/hello')).toBe(true);
    expect(pattern.test('repo://octo/hello/world')).toBe(false);
    expect(pattern.test('repo://octo')).toBe(false);
  });

  it('lets a reserved expansion span segments', () => {
    const pattern = templateToPattern('file:///{+path}');
    expect(pattern.test('file:///a')).toBe(true);
    expect(pattern.test('file:///a/b/c.txt')).toBe(true);
    expect(pattern.test('file://a/b')).toBe(false);
    const fragment = templateToPattern('doc://page{#section}');
    expect(fragment.test('doc://page#intro/part')).toBe(true);
  });

  it('lets path-style expansions span the rest', () => {
    expect(templateToPattern('api://v1{/segments}').test('api://v1/a/b')).toBe(true);
    expect(templateToPattern('file://name{.ext}').test('file://name.tar.gz')).toBe(true);
    expect(templateToPattern('m://x{;params}').test('m://x;a=1;b=2')).toBe(true);
  });

  it('makes a query expansion optional', () => {
    const pattern = templateToPattern('search://items{?q,limit}');
    expect(pattern.test('search://items')).toBe(true);
    expect(pattern.test('search://items?q=cat')).toBe(true);
    expect(pattern.test('search://items?q=cat&limit=5')).toBe(true);
    expect(pattern.test('search://itemsX')).toBe(false);
    expect(pattern.test('search://other?q=cat')).toBe(false);
    const continued = templateToPattern('search://items?fixed=1{&page}');
    expect(continued.test('search://items?fixed=1&page=2')).toBe(true);
    expect(continued.test('search://items?fixed=1')).toBe(true);
  });

  it('treats regex characters in the literal parts literally', () => {
    const pattern = templateToPattern('a.b+c://(x)[y]*{id}$^|\\');
    expect(pattern.test('a.b+c://(x)[y]*42$^|\\')).toBe(true);
    expect(pattern.test('aXb+c://(x)[y]*42$^|\\')).toBe(false);
    expect(pattern.test('a.bbc://(x)[y]*42$^|\\')).toBe(false);
  });

  it('matches a template without expressions exactly', () => {
    const pattern = templateToPattern('config://app');
    expect(pattern.test('config://app')).toBe(true);
    expect(pattern.test('config://app2')).toBe(false);
    expect(pattern.test('xconfig://app')).toBe(false);
  });
});

describe('ResourceRouter', () => {
  it('knows nothing at first', () => {
    expect(new ResourceRouter().ownerOf('file:///a')).toBeUndefined();
  });

  it('routes a listed URI exactly, the latest lister winning', () => {
    const router = new ResourceRouter();
    router.learnResource('files', 'file:///a.txt');
    expect(router.ownerOf('file:///a.txt')).toBe('files');
    expect(router.ownerOf('file:///b.txt')).toBeUndefined();
    router.learnResource('other', 'file:///a.txt');
    expect(router.ownerOf('file:///a.txt')).toBe('other');
  });

  it('routes by template, and by the template string itself', () => {
    const router = new ResourceRouter();
    router.learnTemplates('github', [{ uriTemplate: 'gh://{owner}/{repo}' }]);
    expect(router.ownerOf('gh://octo/hello')).toBe('github');
    expect(router.ownerOf('gh://{owner}/{repo}')).toBe('github');
    expect(router.ownerOf('gh://octo')).toBeUndefined();
  });

  it('prefers an exact URI over a matching template', () => {
    const router = new ResourceRouter();
    router.learnTemplates('wide', [{ uriTemplate: 'file:///{+path}' }]);
    router.learnResource('exact', 'file:///special.txt');
    expect(router.ownerOf('file:///special.txt')).toBe('exact');
    expect(router.ownerOf('file:///other.txt')).toBe('wide');
  });

  it('replaces an upstream templates on relearning, keeping others', () => {
    const router = new ResourceRouter();
    router.learnTemplates('a', [{ uriTemplate: 'a://{id}' }, { uriTemplate: 'shared://{id}' }]);
    router.learnTemplates('b', [{ uriTemplate: 'b://{id}' }]);
    router.learnTemplates('a', [{ uriTemplate: 'a2://{id}' }]);
    expect(router.ownerOf('a://1')).toBeUndefined();
    expect(router.ownerOf('shared://1')).toBeUndefined();
    expect(router.ownerOf('a2://1')).toBe('a');
    expect(router.ownerOf('b://1')).toBe('b');
    router.learnTemplates('b', []);
    expect(router.ownerOf('b://1')).toBeUndefined();
  });

  it('skips templates without a string uriTemplate', () => {
    const router = new ResourceRouter();
    router.learnTemplates('a', [
      { name: 'no template' },
      { uriTemplate: 42 },
      { uriTemplate: 'ok://{id}' },
    ]);
    expect(router.ownerOf('ok://1')).toBe('a');
    expect(router.ownerOf('42')).toBeUndefined();
  });
});
