import { expect } from 'vitest';
import { pollUntil } from './poll.js';
import type { TestApp } from './test-app.js';

export interface IntrospectionJobBody {
  id: string;
  kind: string;
  upstreamId: string | null;
  trigger: string;
  state: 'queued' | 'running' | 'completed' | 'failed';
  result: {
    upstreamId: string;
    toolsListed: number;
    toolsAdded: number;
    versionsAdded: number;
    toolsRemoved: number;
    durationMs: number;
  } | null;
  error: string | null;
}

/** Queues an introspection of the upstream through the API and waits until it finished. */
export async function introspect(
  t: TestApp,
  token: string,
  upstreamId: string,
): Promise<IntrospectionJobBody> {
  const queued = await t.request('POST', `/api/v1/upstreams/${upstreamId}/introspect`, { token });
  expect(queued.status, JSON.stringify(queued.body)).toBe(202);
  const { id } = queued.body as IntrospectionJobBody;
  return pollUntil(async () => {
    const response = await t.request('GET', `/api/v1/jobs/introspection/${id}`, { token });
    const job = response.body as IntrospectionJobBody;
    return job.state === 'completed' || job.state === 'failed' ? job : undefined;
  }, `introspection job ${id}`);
}
