/**
 * Keeps the last `maxChars` characters written to it: enough of a child's output to say
 * why it failed, without letting a chatty process grow the test runner's memory.
 */
export class OutputTail {
  #text = '';
  #dropped = 0;

  constructor(private readonly maxChars = 64 * 1024) {}

  append(chunk: string): void {
    this.#text += chunk;
    if (this.#text.length > this.maxChars) {
      const excess = this.#text.length - this.maxChars;
      this.#text = this.#text.slice(excess);
      this.#dropped += excess;
    }
  }

  toString(): string {
    return this.#dropped > 0
      ? `[… ${this.#dropped} earlier characters dropped]\n${this.#text}`
      : this.#text;
  }
}
