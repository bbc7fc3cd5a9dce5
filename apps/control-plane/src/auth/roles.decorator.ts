import { SetMetadata } from '@nestjs/common';
import type { AdminRole } from '@gatehouse/contracts';

export const REQUIRED_ROLES = 'gatehouse:roles';

/** The roles allowed to call a route (any one of them). A guarded route without it is refused to everyone. */
export function Roles(...roles: readonly AdminRole[]): MethodDecorator & ClassDecorator {
  if (roles.length === 0) throw new Error('@Roles() needs at least one role');
  return SetMetadata(REQUIRED_ROLES, [...roles]);
}

export function requiredRoles(target: object): readonly AdminRole[] | undefined {
  return Reflect.getMetadata(REQUIRED_ROLES, target) as readonly AdminRole[] | undefined;
}
