import type { ConfigActor } from '@gatehouse/contracts';

/** Who is making a change, as stored: the kind of actor and its id. */
export type ActorRef = Pick<ConfigActor, 'type' | 'id'>;

/**
 * What every mutating service call carries so the change can be attributed: built from
 * the authenticated request (see @ChangeCtx) or by a CLI for its own actions.
 */
export interface ChangeContext {
  readonly actor: ActorRef;
  readonly requestId: string | null;
}

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
