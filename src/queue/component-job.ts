import { z } from 'zod';
import { BatonError } from '../core/errors.js';

/** The one BullMQ queue every run's components go through; jobs carry their run. */
export const componentQueueName = 'baton-components';

/** What a component's job carries: enough for any worker to find the rest in the ledger and the remote. */
export const componentJobSchema = z.object({
  runId: z.string().min(1),
  componentId: z.string().min(1),
  /** 1 for a new run, one more for each resume, so a resumed run's jobs are new ones. */
  round: z.int().min(1),
  /** The Baton version of the process that started the run; a worker of another version refuses it. */
  version: z.string().min(1),
  /** The git remote workers fetch the run's commits from and push attempt branches to. */
  remote: z.string().min(1),
  /** The commit the run started from, which workers check out. */
  baseCommit: z.string().regex(/^[0-9a-f]{40,64}$/),
});

export type ComponentJob = z.infer<typeof componentJobSchema>;

/** The deterministic job id of (run, component, round): adding it twice runs it once. */
export function componentJobId(job: Pick<ComponentJob, 'runId' | 'componentId' | 'round'>): string {
  return `${job.runId}/${job.componentId}/${job.round}`;
}

/** Reads a job's data as a `ComponentJob`, naming the fields that do not fit. */
export function parseComponentJob(data: unknown, jobId: string): ComponentJob {
  const parsed = componentJobSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new BatonError({
    code: 'USAGE_INVALID',
    message: `Job ${jobId} on the queue is not a Baton component job: ${parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ')}.`,
    hint: 'Only `baton run --queue` should add jobs to the baton-components queue.',
  });
}

/** Refuses a job from a run started by another Baton version: the two would read the ledger differently. */
export function requireSameVersion(job: ComponentJob, workerVersion: string): void {
  if (job.version === workerVersion) return;
  throw new BatonError({
    code: 'QUEUE_VERSION_MISMATCH',
    message: `Run ${job.runId} was started by Baton ${job.version}, but this worker is Baton ${workerVersion}.`,
    hint: `Run workers of Baton ${job.version} for this run (npm install baton@${job.version}), or start the run again with Baton ${workerVersion}.`,
    details: { runVersion: job.version, workerVersion },
  });
}
