import { Injectable, Logger } from '@nestjs/common';

/** One console sign-in attempt that reached us with a verified ID token. */
export interface ConsoleLogin {
  readonly subject: string;
  readonly name: string;
  /** `refused`: the IdP vouched for the user, but no group maps to a Gatehouse role. */
  readonly outcome: 'ok' | 'refused';
  readonly roles: readonly string[];
}

type ConsoleLoginListener = (login: ConsoleLogin) => void;

/**
 * Sign-ins as they happen, for whoever records them (the audit trail), without the auth module
 * depending on it. Listeners run synchronously and must not throw; a throw is logged and ignored.
 */
@Injectable()
export class ConsoleLogins {
  private readonly logger = new Logger(ConsoleLogins.name);
  private readonly listeners = new Set<ConsoleLoginListener>();

  on(listener: ConsoleLoginListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(login: ConsoleLogin): void {
    for (const listener of this.listeners) {
      try {
        listener(login);
      } catch (error) {
        this.logger.error(`a console-login listener failed: ${String(error)}`);
      }
    }
  }
}
