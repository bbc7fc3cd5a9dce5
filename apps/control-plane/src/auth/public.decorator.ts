import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'gatehouse:public';

/**
 * Opts a route out of admin-token authentication. Every route is guarded unless it
 * says so here, visibly, next to its handler.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

export function isPublic(target: object): boolean {
  return Reflect.getMetadata(IS_PUBLIC, target) === true;
}
