import type { QueueDepth, WorkerRecord } from '../../ledger/index.js';
import { escapeHtml as html } from '../../report/index.js';
import { layout, type PageOptions } from './pages.js';

/** A worker is silent when its heartbeat is older than this: killed, or its machine lost. */
const silentAfterMs = 60_000;

/** A worker as the page and its JSON show it: its row, whether it is alive, and its throughput. */
export interface WorkerView extends WorkerRecord {
  state: 'live' | 'silent' | 'stopped';
  /** Components finished per minute, over the time it served (until it stopped or went silent). */
  componentsPerMinute: number;
}

export interface WorkersOverview {
  workers: WorkerView[];
  depth: QueueDepth;
}

/** Adds each worker's state and throughput, as of `now`. */
export function viewWorkers(workers: readonly WorkerRecord[], depth: QueueDepth, now: Date): WorkersOverview {
  return {
    depth,
    workers: workers.map((worker) => {
      const heartbeat = Date.parse(worker.heartbeatAt);
      const state = worker.stoppedAt
        ? ('stopped' as const)
        : now.getTime() - heartbeat > silentAfterMs
          ? ('silent' as const)
          : ('live' as const);
      const end = state === 'live' ? now.getTime() : heartbeat;
      const minutes = Math.max(end - Date.parse(worker.startedAt), 1000) / 60_000;
      return { ...worker, state, componentsPerMinute: worker.jobsDone / minutes };
    }),
  };
}

/** Workers, queue depth and per-worker throughput, read from the ledger every worker writes to. */
export function workersPage(options: PageOptions, overview: WorkersOverview): string {
  const { depth, workers } = overview;
  const live = workers.filter((worker) => worker.state === 'live');
  const capacity = live.reduce((sum, worker) => sum + worker.concurrency, 0);
  const busy = live.reduce((sum, worker) => sum + worker.running, 0);
  const summary = `<p id="queue-depth" class="note">${depth.waiting} component(s) waiting and ${depth.running} running in ${depth.runs} running run(s); ${live.length} live worker(s) with ${busy} of ${capacity} slot(s) busy.</p>`;
  const rows = workers.map(
    (worker) =>
      `<tr data-worker="${html(worker.id)}" class="worker-${worker.state}"><td>${html(worker.id)}</td><td>${html(worker.host)}</td><td>${worker.pid}</td><td>${html(worker.version)}</td><td class="status-${worker.state}">${worker.state}</td><td>${worker.running}/${worker.concurrency}</td><td>${worker.jobsDone}</td><td>${worker.jobsFailed}</td><td>${worker.componentsPerMinute.toFixed(1)}</td><td>${html(worker.heartbeatAt)}</td><td>${html(worker.queue)}</td></tr>`,
  );
  const table =
    workers.length === 0
      ? '<p>No worker has registered: <code>baton worker --queue redis://…</code> starts one.</p>'
      : `<table id="workers"><thead><tr><th>worker</th><th>host</th><th>pid</th><th>version</th><th>state</th><th>running</th><th>done</th><th>failed</th><th>components/min</th><th>last heartbeat</th><th>queue</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
  return layout(
    options,
    `<section><h2>Queue</h2>${summary}</section>\n<section><h2>Workers</h2>${table}</section>`,
  );
}
