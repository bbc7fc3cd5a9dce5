import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Public } from '../../auth/public.decorator.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ApiController } from './api-controller.decorator.js';
import { ApiRoute } from './api-route.decorator.js';
import { RouteRegistry } from './route-registry.js';
import { ZodBody, ZodParams } from './zod-input.decorators.js';

describe('@ApiController and @ApiRoute', () => {
  it('registers full paths, inputs, access and implied errors', () => {
    const registry = new RouteRegistry();
    const body = z.strictObject({ name: z.string() });
    const params = z.strictObject({ id: z.uuid() });

    @ApiController({ path: 'widgets', tag: 'Widgets', registry })
    class WidgetsController {
      @ApiRoute({
        method: 'PATCH',
        path: ':id',
        operationId: 'updateWidget',
        summary: 'Update',
        errors: ['not_found'],
      })
      @Roles('admin')
      update(@ZodParams(params) _params: unknown, @ZodBody(body) _body: unknown): void {}

      @ApiRoute({ method: 'GET', path: 'public', operationId: 'publicWidget', summary: 'Open' })
      @Public()
      open(): void {}
    }

    expect(WidgetsController.name).toBe('WidgetsController');
    const update = registry.find('PATCH', '/api/v1/widgets/:id');
    const open = registry.find('GET', '/api/v1/widgets/public');
    expect(update).toMatchObject({
      method: 'PATCH',
      path: '/api/v1/widgets/:id',
      access: { kind: 'roles', roles: ['admin'] },
      inputs: { body, params },
      errors: [
        'validation_failed',
        'malformed_request',
        'unauthenticated',
        'forbidden',
        'not_found',
      ],
      handlerName: 'WidgetsController.update',
    });
    expect(open).toMatchObject({
      path: '/api/v1/widgets/public',
      access: { kind: 'public' },
      errors: [],
    });
  });

  it('refuses a route that is neither @Public() nor @Roles()', () => {
    const registry = new RouteRegistry();
    expect(() => {
      @ApiController({ path: 'leaky', tag: 'Leaky', registry })
      class LeakyController {
        @ApiRoute({ method: 'GET', operationId: 'leak', summary: 'Leak' })
        leak(): void {}
      }
      return LeakyController;
    }).toThrow('LeakyController.leak needs @Roles(...) or an explicit @Public()');
  });

  it('refuses a route that is both public and role-guarded, and duplicate operation ids', () => {
    const registry = new RouteRegistry();
    expect(() => {
      @ApiController({ path: 'both', tag: 'Both', registry })
      class BothController {
        @ApiRoute({ method: 'GET', operationId: 'both', summary: 'Both' })
        @Public()
        @Roles('admin')
        both(): void {}
      }
      return BothController;
    }).toThrow('is both @Public() and @Roles()');
    expect(() => {
      @ApiController({ path: 'twice', tag: 'Twice', registry })
      class TwiceController {
        @ApiRoute({ method: 'GET', operationId: 'same', summary: 'One' })
        @Public()
        one(): void {}

        @ApiRoute({ method: 'POST', operationId: 'same', summary: 'Two' })
        @Public()
        two(): void {}
      }
      return TwiceController;
    }).toThrow('operationId "same"');
  });
});
