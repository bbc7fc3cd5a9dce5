/**
 * A bounded queue read as an async iterable: producers push, one consumer iterates. When the
 * buffer is full the oldest item is dropped and counted, so a slow reader cannot grow memory.
 */
export class AsyncChannel<T> implements AsyncIterable<T> {
  private readonly buffer: T[] = [];
  private waiter:
    { resolve: (result: IteratorResult<T>) => void; reject: (error: Error) => void } | undefined;
  private closed = false;
  private failure: Error | undefined;
  dropped = 0;

  constructor(private readonly capacity = 10_000) {}

  push(item: T): void {
    if (this.closed) return;
    if (this.waiter !== undefined) {
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter.resolve({ value: item, done: false });
      return;
    }
    if (this.buffer.length >= this.capacity) {
      this.buffer.shift();
      this.dropped += 1;
    }
    this.buffer.push(item);
  }

  close(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.failure = error;
    if (this.waiter !== undefined && this.buffer.length === 0) {
      const waiter = this.waiter;
      this.waiter = undefined;
      if (error === undefined) {
        waiter.resolve({ value: undefined, done: true });
      } else {
        this.failure = undefined;
        waiter.reject(error);
      }
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        const item = this.buffer.shift();
        if (item !== undefined) return Promise.resolve({ value: item, done: false });
        if (this.closed) {
          if (this.failure !== undefined) {
            const failure = this.failure;
            this.failure = undefined;
            return Promise.reject(failure);
          }
          return Promise.resolve({ value: undefined, done: true });
        }
        return new Promise<IteratorResult<T>>((resolve, reject) => {
          this.waiter = { resolve, reject };
        });
      },
      return: () => {
        this.closed = true;
        this.buffer.length = 0;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
