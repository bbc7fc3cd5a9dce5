import type { LevelWithSilent } from 'pino';

/** The control plane's settings, parsed once at boot (see load-config.ts). */
export interface AppConfig {
  readonly database: { readonly url: string; readonly poolSize: number };
  readonly redis: { readonly url: string; readonly prefix: string };
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly bodyLimitBytes: number;
    readonly trustProxy: boolean;
  };
  readonly logLevel: LevelWithSilent;
}

/** The injection token of the AppConfig (an interface has no runtime identity). */
export const APP_CONFIG = Symbol('AppConfig');
