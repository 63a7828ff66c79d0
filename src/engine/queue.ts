/** A unit of work: its id is unique, and adding the same id twice runs it once. */
export interface QueueJob<Payload> {
  id: string;
  payload: Payload;
}

export type QueueResult<Result> =
  | { id: string; status: 'completed'; value: Result }
  | { id: string; status: 'failed'; error: unknown };

export type JobHandler<Payload, Result> = (job: QueueJob<Payload>, signal: AbortSignal) => Promise<Result>;

/**
 * Where the engine hands out component work. The in-process queue runs it here; a distributed one
 * (BullMQ over Redis) runs it on workers elsewhere. The engine sees only this interface.
 */
export interface Queue<Payload, Result> {
  /** Adds jobs; an id the queue has already seen is ignored, so a resumed run can re-add safely. */
  add(jobs: readonly QueueJob<Payload>[]): Promise<void>;
  /** Starts running jobs with `handler`, at most `concurrency` at once. Call once. */
  process(handler: JobHandler<Payload, Result>, options: { concurrency: number }): void;
  /** The next finished job, in the order jobs finish; undefined once the queue is closed and drained. */
  nextResult(): Promise<QueueResult<Result> | undefined>;
  /** Stops starting jobs, aborts the running ones' signals, waits for them, and ends `nextResult`. */
  close(): Promise<void>;
}
