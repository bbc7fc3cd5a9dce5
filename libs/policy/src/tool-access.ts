import type { ToolAccessConfig } from '@gatehouse/contracts';
import { compileGlobList, type GlobList } from './glob-list.js';

/** A tenant's or client's tool allow- and blocklist: block always wins; an empty allow allows all. */
export interface ToolAccess {
  readonly allow: GlobList;
  readonly block: GlobList;
}

export function compileToolAccess(config: ToolAccessConfig | undefined): ToolAccess | undefined {
  if (config === undefined || (config.allow.length === 0 && config.block.length === 0))
    return undefined;
  return { allow: compileGlobList(config.allow), block: compileGlobList(config.block) };
}

/** `undefined` when the name may be used, else which list refused it. */
export function accessRefusal(
  access: ToolAccess | undefined,
  qualifiedName: string,
): 'blocked' | 'not_allowed' | undefined {
  if (access === undefined) return undefined;
  if (access.block.matches(qualifiedName)) return 'blocked';
  if (!access.allow.empty && !access.allow.matches(qualifiedName)) return 'not_allowed';
  return undefined;
}
