import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Logger } from 'pino';

/**
 * Watches a config file (its folder, so editors and tools that replace the file are seen too)
 * and hands on each new text, debounced; what to make of it is the source's business.
 */
export class ConfigFileWatcher {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastText: string | undefined;
  private readonly full: string;

  constructor(
    path: string,
    private readonly onText: (text: string) => Promise<void>,
    private readonly logger: Logger,
    private readonly debounceMs = 150,
  ) {
    this.full = resolve(path);
  }

  /** `initialText` is what the source started from, so a change made since is not missed. */
  start(initialText: string): void {
    this.lastText = initialText;
    this.watcher = watch(dirname(this.full), (_event, file) => {
      if (file !== null && file !== basename(this.full)) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.reload(), this.debounceMs);
    });
    this.watcher.on('error', (error) =>
      this.logger.warn({ err: error.message }, 'config watch failed'),
    );
    // A change between the source's read and the watch would otherwise wait for the next edit.
    void this.reload();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }

  private async reload(): Promise<void> {
    const text = await readFile(this.full, 'utf8').catch(() => undefined);
    if (text === undefined || text === this.lastText) return;
    this.lastText = text;
    try {
      await this.onText(text);
    } catch (error) {
      this.logger.error(
        { file: this.full, err: (error as Error).message },
        'config change could not be handled; the config in force stays',
      );
    }
  }
}
