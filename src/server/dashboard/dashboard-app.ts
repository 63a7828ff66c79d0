import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { BatonError } from '../../core/errors.js';
import type { Clock, TeamPerson, TrainingSettings } from '../../core/index.js';
import { createId, parseSince } from '../../core/index.js';
import type { LedgerStore, MetricsFilter } from '../../ledger/index.js';
import {
  componentExists,
  findExperiment,
  getAttemptDetail,
  getRunDetail,
  lastEventSequence,
  listExperiments,
  listRuns,
  listWorkers,
  queueDepth,
} from '../../ledger/index.js';
import { buildExperimentSummary, buildMetricsReport } from '../../metrics/index.js';
import {
  chartLibrarySource,
  dashboardScriptSource,
  metricsChartsSource,
  pageStyleSource,
  renderExperimentHtml,
} from '../../report/index.js';
import { requireToken } from './auth.js';
import { experimentPage, experimentsPage } from './experiments-page.js';
import { attemptPage, overviewPage, runPage } from './pages.js';
import { auditPage, teamPage } from './team-pages.js';
import { trainingPage } from './training-page.js';
import { viewWorkers, workersPage } from './workers-page.js';

export interface DashboardOptions {
  ledger: LedgerStore;
  clock: Clock;
  /** Required on every request when set. */
  token?: string;
  /** The one write: annotating a component from the page. Off unless asked for. @default false */
  allowWrites?: boolean;
  /** How often the live stream looks for new events. @default 500 */
  pollIntervalMs?: number;
  /** Told of every unexpected failure behind a 500 answer, for the server's log. */
  onInternalError?: (error: unknown) => void;
  /** `metrics.minProfileHours`: recorded hours below which a split is not compared with the profiles. @default 2 */
  minProfileHours?: number;
  /** What the team and audit pages need beyond the ledger: the config's people and checks, the repository. */
  team?: TeamPageSettings;
}

export interface TeamPageSettings {
  people: readonly TeamPerson[];
  /** The git repository whose commit authors map attempts to people. */
  repository: string | undefined;
  /** The checks the config runs, for the audit's disabled checks. */
  configuredChecks: readonly string[];
  /** Whether a merged component's prompts were exported (`baton docs export`). */
  isDocumented: (feature: string, componentKey: string) => boolean;
  /** The training page's exit criteria; the article's defaults when left out. */
  training?: TrainingSettings;
  /** The project root, where recorded plan paths are read from for prompt-lint scores. */
  root?: string;
}

const annotationSchema = z.strictObject({
  attemptId: z.string().min(1).optional(),
  reviewer: z.string().min(1).max(200),
  note: z.string().min(1).max(10_000),
});

/** The dashboard as a Hono app over the ledger: pages, JSON, and a live event stream. */
export function createDashboardApp(options: DashboardOptions): Hono {
  const { ledger, clock, allowWrites = false, pollIntervalMs = 500 } = options;
  const metricsSettings =
    options.minProfileHours === undefined ? {} : { minProfileHours: options.minProfileHours };
  const app = new Hono();
  const assets: Record<string, [type: string, source: () => string]> = {
    'chart.js': ['text/javascript', chartLibrarySource],
    'metrics-charts.js': ['text/javascript', metricsChartsSource],
    'dashboard.js': ['text/javascript', dashboardScriptSource],
    'baton.css': ['text/css', pageStyleSource],
  };

  app.onError((error, context) => {
    if (BatonError.isInstance(error) && error.code === 'USAGE_INVALID')
      return context.json({ error: error.message, hint: error.hint }, 400);
    options.onInternalError?.(error);
    return context.json({ error: BatonError.isInstance(error) ? error.message : 'internal error' }, 500);
  });
  app.use('*', requireToken(options.token));

  const metricsFilter = (query: Record<string, string>): MetricsFilter => ({
    ...(query.feature ? { feature: query.feature } : {}),
    ...(query.since ? { since: parseSince(query.since, clock.now()) } : {}),
  });
  const pageOptions = async (title: string) => ({
    title,
    afterSequence: await lastEventSequence(ledger),
    allowWrites,
  });

  app.get('/assets/:name', (context) => {
    const asset = assets[context.req.param('name')];
    if (!asset) return context.notFound();
    return context.body(asset[1](), 200, {
      'content-type': `${asset[0]}; charset=utf-8`,
      'cache-control': 'no-cache',
    });
  });

  app.get('/', async (context) => {
    const [options, runs, report] = await Promise.all([
      pageOptions('Baton dashboard'),
      listRuns(ledger),
      buildMetricsReport(ledger, metricsFilter(context.req.query()), clock.now(), metricsSettings),
    ]);
    return context.html(overviewPage(options, runs, report));
  });
  app.get('/runs/:id', async (context) => {
    const detail = await getRunDetail(ledger, context.req.param('id'));
    if (!detail) return context.text('No such run.\n', 404);
    return context.html(runPage(await pageOptions('Run'), detail));
  });
  app.get('/attempts/:id', async (context) => {
    const detail = await getAttemptDetail(ledger, context.req.param('id'));
    if (!detail) return context.text('No such attempt.\n', 404);
    return context.html(attemptPage(await pageOptions('Attempt'), detail));
  });

  const experimentListings = async () =>
    Promise.all(
      (await listExperiments(ledger)).map(async (experiment) => ({
        experiment,
        summary: await buildExperimentSummary(ledger, experiment.id),
      })),
    );
  app.get('/experiments', async (context) =>
    context.html(experimentsPage(await pageOptions('Experiments'), await experimentListings())),
  );
  app.get('/experiments/:id', async (context) => {
    const id = context.req.param('id');
    if (!(await findExperiment(ledger, id))) return context.text('No such experiment.\n', 404);
    return context.html(
      experimentPage(await pageOptions('Experiment'), await buildExperimentSummary(ledger, id)),
    );
  });
  app.get('/experiments/:id/report', async (context) => {
    const id = context.req.param('id');
    if (!(await findExperiment(ledger, id))) return context.text('No such experiment.\n', 404);
    return context.html(renderExperimentHtml(await buildExperimentSummary(ledger, id)));
  });
  app.get('/api/experiments', async (context) =>
    context.json((await experimentListings()).map((listing) => listing.summary)),
  );
  app.get('/api/experiments/:id', async (context) => {
    const id = context.req.param('id');
    if (!(await findExperiment(ledger, id))) return context.json({ error: 'no such experiment' }, 404);
    return context.json(await buildExperimentSummary(ledger, id));
  });

  app.get('/api/metrics', async (context) =>
    context.json(
      await buildMetricsReport(ledger, metricsFilter(context.req.query()), clock.now(), metricsSettings),
    ),
  );
  const team = options.team ?? {
    people: [],
    repository: undefined,
    configuredChecks: [],
    isDocumented: () => false,
  };
  const teamReport = async (query: Record<string, string>) =>
    (await import('../../team/index.js')).buildTeamReport({
      ledger,
      people: team.people,
      repository: team.repository,
      filter: metricsFilter(query),
      now: clock.now(),
      ...metricsSettings,
    });
  const auditReport = async (query: Record<string, string>) =>
    (await import('../../team/index.js')).auditLedger({
      ledger,
      runId: query.run || undefined,
      since: query.since ? parseSince(query.since, clock.now()) : undefined,
      now: clock.now(),
      configuredChecks: team.configuredChecks,
      isDocumented: team.isDocumented,
    });
  app.get('/team', async (context) =>
    context.html(teamPage(await pageOptions('Team'), await teamReport(context.req.query()))),
  );
  app.get('/api/team', async (context) => context.json(await teamReport(context.req.query())));
  const trainingStatus = async () => {
    const [training, { loadRoster }, { defaultTrainingSettings }] = await Promise.all([
      import('../../team/training/index.js'),
      import('../../team/index.js'),
      import('../../core/index.js'),
    ]);
    return training.buildTrainingStatus({
      ledger,
      roster: await loadRoster(ledger, team.people),
      settings: team.training ?? defaultTrainingSettings,
      root: team.root ?? process.cwd(),
      repository: team.repository,
      now: clock.now(),
    });
  };
  app.get('/training', async (context) =>
    context.html(trainingPage(await pageOptions('Training'), await trainingStatus())),
  );
  app.get('/api/training', async (context) => context.json(await trainingStatus()));
  app.get('/audit', async (context) =>
    context.html(auditPage(await pageOptions('Audit'), await auditReport(context.req.query()))),
  );
  app.get('/api/audit', async (context) => context.json(await auditReport(context.req.query())));
  const workersOverview = async () => {
    const [workers, depth] = await Promise.all([listWorkers(ledger), queueDepth(ledger)]);
    return viewWorkers(workers, depth, clock.now());
  };
  app.get('/workers', async (context) =>
    context.html(workersPage(await pageOptions('Workers'), await workersOverview())),
  );
  app.get('/api/workers', async (context) => context.json(await workersOverview()));
  app.get('/api/runs', async (context) => context.json(await listRuns(ledger)));
  app.get('/api/runs/:id', async (context) => {
    const detail = await getRunDetail(ledger, context.req.param('id'));
    return detail ? context.json(detail) : context.json({ error: 'no such run' }, 404);
  });
  app.get('/api/attempts/:id', async (context) => {
    const detail = await getAttemptDetail(ledger, context.req.param('id'));
    return detail ? context.json(detail) : context.json({ error: 'no such attempt' }, 404);
  });
  app.get('/api/events', async (context) => {
    const after = Number(context.req.query('after') ?? 0) || 0;
    return context.json(await ledger.readEvents({ afterSequence: after, limit: 500 }));
  });

  // New ledger events as server-sent events; the ledger is polled, so writers need not know about us.
  app.get('/api/events/stream', (context) =>
    streamSSE(context, async (stream) => {
      let after = Number(context.req.query('after') ?? 0) || 0;
      await stream.writeSSE({ event: 'ready', data: String(after) });
      while (!stream.aborted) {
        for (const stored of await ledger.readEvents({ afterSequence: after, limit: 500 })) {
          after = stored.sequence;
          await stream.writeSSE({
            event: 'ledger-event',
            id: String(stored.sequence),
            data: JSON.stringify(stored),
          });
        }
        await stream.sleep(pollIntervalMs);
      }
    }),
  );

  app.post('/api/components/:id/annotations', async (context) => {
    if (!allowWrites) {
      return context.json(
        { error: 'This dashboard is read-only; start it with `baton serve --allow-writes` to annotate.' },
        403,
      );
    }
    const parsed = annotationSchema.safeParse(await context.req.json().catch(() => undefined));
    if (!parsed.success) {
      return context.json(
        {
          error: 'Expected { reviewer, note, attemptId? }.',
          issues: parsed.error.issues.map((issue) => ({
            path: issue.path.join('.'),
            message: issue.message,
          })),
        },
        400,
      );
    }
    const componentId = context.req.param('id');
    if (!(await componentExists(ledger, componentId)))
      return context.json({ error: 'no such component' }, 404);
    const id = createId('rev');
    const at = clock.now().toISOString();
    await ledger.transaction(async (writer) => {
      await writer.insert('reviews', [
        {
          id,
          componentId,
          attemptId: parsed.data.attemptId ?? null,
          reviewer: parsed.data.reviewer,
          decision: 'annotate',
          reason: parsed.data.note,
          createdAt: at,
        },
      ]);
      await writer.appendEvents([
        {
          type: 'review-decision',
          at,
          componentId,
          decision: 'annotate',
          reviewer: parsed.data.reviewer,
          reason: parsed.data.note,
        },
      ]);
    });
    return context.json({ id }, 201);
  });

  return app;
}
