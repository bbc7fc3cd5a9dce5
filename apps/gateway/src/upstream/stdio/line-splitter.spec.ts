import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.js';

function collect(maxLineBytes: number): {
  splitter: LineSplitter;
  lines: string[];
  oversized: string[];
} {
  const lines: string[] = [];
  const oversized: string[] = [];
  const splitter = new LineSplitter({
    maxLineBytes,
    headBytes: 4,
    onLine: (line) => lines.push(line.toString('utf8')),
    onOversize: (head) => oversized.push(head.toString('utf8')),
  });
  return { splitter, lines, oversized };
}

describe('LineSplitter', () => {
  it('splits lines that span chunks and chunks that hold several lines', () => {
    const { splitter, lines } = collect(100);
    for (const chunk of ['a', 'b\ncd\n', '', 'e', '\n\nf']) splitter.push(Buffer.from(chunk));
    expect(lines).toEqual(['ab', 'cd', 'e', '']);
    splitter.end();
    expect(lines).toEqual(['ab', 'cd', 'e', '', 'f']);
  });

  it('drops a line over the limit, whether it ends in the same chunk or later', () => {
    const { splitter, lines, oversized } = collect(5);
    splitter.push(Buffer.from('123456\nok\n'));
    splitter.push(Buffer.from('abc'));
    splitter.push(Buffer.from('defgh'));
    splitter.push(Buffer.from('ijk\nfine\n'));
    expect(lines).toEqual(['ok', 'fine']);
    expect(oversized).toEqual(['1234', 'abcd']);
  });

  it('accepts a line of exactly the limit', () => {
    const { splitter, lines, oversized } = collect(5);
    splitter.push(Buffer.from('12'));
    splitter.push(Buffer.from('345\n'));
    expect(lines).toEqual(['12345']);
    expect(oversized).toEqual([]);
  });

  it('does not emit the rest of an oversized line at end of stream', () => {
    const { splitter, lines, oversized } = collect(3);
    splitter.push(Buffer.from('abcdef'));
    splitter.end();
    expect(lines).toEqual([]);
    expect(oversized).toEqual(['abcd']);
  });
});
