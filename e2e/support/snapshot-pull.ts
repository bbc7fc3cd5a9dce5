export interface PulledSnapshot {
  readonly jws: string;
  readonly etag: string | null;
}

/**
 * A pull as a node makes it (GET /api/v1/fleets/:id/snapshot with the node credential), with
 * no If-None-Match: the newest snapshot of the fleet, as the control plane signed it.
 */
export async function pullSnapshot(
  source: { readonly controlPlane?: { readonly baseUrl: string }; readonly credential: string },
  fleetId: string,
): Promise<PulledSnapshot> {
  if (source.controlPlane === undefined) throw new Error('no control plane to pull from');
  const response = await fetch(`${source.controlPlane.baseUrl}/api/v1/fleets/${fleetId}/snapshot`, {
    headers: { authorization: `Bearer ${source.credential}`, accept: 'application/jose' },
    signal: AbortSignal.timeout(10_000),
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`snapshot pull: HTTP ${response.status}: ${body}`);
  return { jws: body.trim(), etag: response.headers.get('etag') };
}
