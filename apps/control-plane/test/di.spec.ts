// NestJS 12 without emitted decorator metadata: vitest, tsx and esbuild cannot emit
// `design:paramtypes`, so every constructor parameter names its token with @Inject.
import { Inject, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminAuthGuard } from '../src/auth/admin-auth.guard.js';
import { AdminTokenService } from '../src/auth/admin-token.service.js';
import { ConfigHistoryService } from '../src/config-history/config-history.service.js';
import { TenantsController } from '../src/tenants/tenants.controller.js';
import { TenantsRepository } from '../src/tenants/tenants.repository.js';
import { TenantsService } from '../src/tenants/tenants.service.js';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';

@Injectable()
class Dependency {
  readonly name = 'dependency';
}

@Injectable()
class WithoutInject {
  constructor(readonly dependency?: Dependency) {}
}

@Injectable()
class WithInject {
  constructor(@Inject(Dependency) readonly dependency: Dependency) {}
}

@Module({ providers: [Dependency, WithoutInject, WithInject] })
class ProbeModule {}

describe('dependency injection without emitDecoratorMetadata', () => {
  it('has no design:paramtypes to rely on under this toolchain', () => {
    for (const target of [
      TenantsService,
      TenantsController,
      TenantsRepository,
      AdminAuthGuard,
      AdminTokenService,
      WithInject,
    ]) {
      expect(Reflect.getMetadata('design:paramtypes', target), target.name).toBeUndefined();
    }
  });

  it('injects with @Inject(Class), and silently injects nothing without it', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
    expect(moduleRef.get(WithInject).dependency.name).toBe('dependency');
    // The failure mode @Inject prevents: no error, just an undefined dependency.
    expect(moduleRef.get(WithoutInject).dependency).toBeUndefined();
    await moduleRef.close();
  });

  describe('the real application graph', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => {
      await t?.close();
    });

    it('wires services, repositories and the global guard', async () => {
      const tenants = t.app.get(TenantsService);
      const page = await tenants.list({ limit: 1 });
      expect(page).toEqual({ items: [], nextCursor: null });
      expect(t.app.get(ConfigHistoryService)).toBeInstanceOf(ConfigHistoryService);
      // The guard's own dependencies resolve, or every guarded route would throw a TypeError (500).
      expect((await t.request('GET', '/api/v1/tenants')).status).toBe(401);
    });
  });
});
