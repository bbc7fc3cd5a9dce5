import { describe, expect, it } from 'vitest';
import { BoundedTail } from './bounded-tail.js';

describe('BoundedTail', () => {
  it('keeps everything while under the limit', () => {
    const tail = new BoundedTail(10);
    tail.append(Buffer.from('abc'));
    tail.append(Buffer.from('def'));
    expect(tail.toString()).toBe('abcdef');
  });

  it('keeps only the last maxBytes across wrapping appends', () => {
    const tail = new BoundedTail(5);
    for (const piece of ['abc', 'def', 'gh', 'i', 'jklm']) tail.append(Buffer.from(piece));
    expect(tail.toString()).toBe('ijklm');
    expect(tail.byteLength).toBe(5);
  });

  it('takes the end of a chunk larger than the limit', () => {
    const tail = new BoundedTail(4);
    tail.append(Buffer.from('0123456789'));
    expect(tail.toString()).toBe('6789');
  });

  it('does not start with half a character after a cut', () => {
    const tail = new BoundedTail(5);
    tail.append(Buffer.from('aé€x')); // 1 + 2 + 3 + 1 bytes: the cut falls inside 'é'
    expect(tail.toString()).toBe('€x');
    tail.append(Buffer.from('é')); // now inside '€'
    expect(tail.toString()).toBe('xé');
  });

  it('clears, and a zero limit keeps nothing', () => {
    const tail = new BoundedTail(8);
    tail.append(Buffer.from('hello'));
    tail.clear();
    expect(tail.toString()).toBe('');
    const none = new BoundedTail(0);
    none.append(Buffer.from('hello'));
    expect(none.toString()).toBe('');
  });
});
