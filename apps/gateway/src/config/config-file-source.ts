import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { GatewayConfigError, parseGatewayConfig, type GatewayConfig } from '@gatehouse/contracts';
import type { Logger } from 'pino';

export async function loadConfigFile(
  path: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<GatewayConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new GatewayConfigError(path, [
      { path: '(root)', message: `cannot read the file: ${(error as Error).message}` },
    ]);
  }
  return parseGatewayConfig(text, path, env);
}

/**
 * Watches the config file (its folder, so editors that replace the file are seen too) and
 * hands each valid new version on; an invalid one is logged and the config in force stays.
 */
export class ConfigFileWatcher {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastText: string | undefined;

  constructor(
    private readonly path: string,
    private readonly onConfig: (config: GatewayConfig) => void,
    private readonly logger: Logger,
    private readonly debounceMs = 150,
  ) {}

  async start(): Promise<void> {
    const full = resolve(this.path);
    this.lastText = await readFile(full, 'utf8').catch(() => undefined);
    this.watcher = watch(dirname(full), (_event, file) => {
      if (file !== null && file !== basename(full)) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.reload(full), this.debounceMs);
    });
    this.watcher.on('error', (error) =>
      this.logger.warn({ err: error.message }, 'config watch failed'),
    );
  }

  stop(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }

  private async reload(full: string): Promise<void> {
    const text = await readFile(full, 'utf8').catch(() => undefined);
    if (text === undefined || text === this.lastText) return;
    try {
      const config = parseGatewayConfig(text, full, process.env);
      this.lastText = text;
      this.onConfig(config);
    } catch (error) {
      const problems =
        error instanceof GatewayConfigError
          ? error.problems
          : [{ path: '(root)', message: (error as Error).message }];
      this.logger.error(
        { file: full, problems },
        'config change refused; the config in force stays',
      );
    }
  }
}
