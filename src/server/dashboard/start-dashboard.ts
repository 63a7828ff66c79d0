import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Clock } from '../../core/index.js';
import type { LedgerStore } from '../../ledger/index.js';
import { createDashboardApp, type TeamPageSettings } from './dashboard-app.js';

export interface StartDashboardOptions {
  ledger: LedgerStore;
  clock: Clock;
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 4400 */
  port?: number;
  /** Required on every request; generated when the host is not loopback and none is given. */
  token?: string;
  allowWrites?: boolean;
  pollIntervalMs?: number;
  onInternalError?: (error: unknown) => void;
  /** `metrics.minProfileHours`: recorded hours below which a split is not compared with the profiles. */
  minProfileHours?: number;
  /** What the team and audit pages need beyond the ledger. */
  team?: TeamPageSettings;
}

export interface RunningDashboard {
  /** The address to open, with the token when one is required. */
  url: string;
  port: number;
  token: string | undefined;
  close(): Promise<void>;
}

/** Whether only this machine can reach the address. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Serves the dashboard; anything reachable from other machines requires a token. */
export async function startDashboard(options: StartDashboardOptions): Promise<RunningDashboard> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? (isLoopbackHost(host) ? undefined : randomBytes(24).toString('base64url'));
  const app = createDashboardApp({ ...options, token });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 4400 }, () =>
      resolve(started),
    );
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost =
    host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/${token ? `?token=${encodeURIComponent(token)}` : ''}`,
    port,
    token,
    close: () =>
      new Promise((resolve) => {
        // Live streams keep connections open; end them so close() returns.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
