import { createServer } from 'node:net';

/**
 * A TCP port that was free on `host` a moment ago. Another process can still take it
 * before the caller binds; callers that can bind port 0 themselves should.
 */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the probe socket address'));
      });
    });
  });
}
