import { describe, expect, it } from 'vitest';
import { AsyncChannel } from './async-channel.js';

async function drain<T>(channel: AsyncChannel<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of channel) items.push(item);
  return items;
}

describe('AsyncChannel', () => {
  it('yields buffered items in order, then ends when closed', async () => {
    const channel = new AsyncChannel<number>();
    channel.push(1);
    channel.push(2);
    channel.push(3);
    channel.close();
    expect(channel.isClosed).toBe(true);
    expect(await drain(channel)).toEqual([1, 2, 3]);
    expect(channel.dropped).toBe(0);
  });

  it('drops the oldest items beyond its capacity and counts them', async () => {
    const channel = new AsyncChannel<number>(3);
    for (let i = 1; i <= 7; i++) channel.push(i);
    channel.close();
    expect(channel.dropped).toBe(4);
    expect(await drain(channel)).toEqual([5, 6, 7]);
  });

  it('hands a pushed item straight to a waiting consumer', async () => {
    const channel = new AsyncChannel<string>(1);
    const iterator = channel[Symbol.asyncIterator]();
    const pending = iterator.next();
    channel.push('a');
    expect(await pending).toEqual({ value: 'a', done: false });
    channel.push('b');
    channel.push('c');
    expect(channel.dropped).toBe(1);
    expect(await iterator.next()).toEqual({ value: 'c', done: false });
  });

  it('ends a waiting consumer when closed', async () => {
    const channel = new AsyncChannel<number>();
    const iterator = channel[Symbol.asyncIterator]();
    const pending = iterator.next();
    channel.close();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('streams items pushed while a for-await loop runs', async () => {
    const channel = new AsyncChannel<number>();
    const received = drain(channel);
    for (let i = 0; i < 5; i++) {
      channel.push(i);
      await Promise.resolve();
    }
    channel.close();
    expect(await received).toEqual([0, 1, 2, 3, 4]);
  });

  it('ignores pushes after close and repeated closes', async () => {
    const channel = new AsyncChannel<number>();
    channel.push(1);
    channel.close();
    channel.push(2);
    channel.close(new Error('late'));
    expect(await drain(channel)).toEqual([1]);
  });

  it('delivers buffered items before the error it was closed with, once', async () => {
    const channel = new AsyncChannel<number>();
    channel.push(1);
    channel.close(new Error('upstream gone'));
    const iterator = channel[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ value: 1, done: false });
    await expect(iterator.next()).rejects.toThrow('upstream gone');
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  // Regression: close(error) must reject a consumer that is already waiting.
  it('rejects a consumer that is already waiting when closed with an error', async () => {
    const channel = new AsyncChannel<number>();
    const iterator = channel[Symbol.asyncIterator]();
    const pending = iterator.next();
    channel.close(new Error('upstream gone'));
    await expect(pending).rejects.toThrow('upstream gone');
  });

  it('stops and discards the buffer when the consumer leaves early', async () => {
    const channel = new AsyncChannel<number>();
    channel.push(1);
    channel.push(2);
    channel.push(3);
    for await (const item of channel) {
      expect(item).toBe(1);
      break;
    }
    expect(channel.isClosed).toBe(true);
    channel.push(4);
    expect(await channel[Symbol.asyncIterator]().next()).toEqual({ value: undefined, done: true });
  });
});
