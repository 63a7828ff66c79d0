import pg from 'pg';
import { BatonError, describeCause } from '../core/index.js';
import { redactQueueUrl } from './queue-url.js';
import {
  createSharedLimits,
  type SharedRateLimits,
  type SharedRateLimitsOptions,
  type SharedWindowStore,
} from './shared-rate-limiter.js';

// Created by the first worker in the queue's database, beside BullMQ's own `bullmq` schema.
const setupStatements = [
  'create schema if not exists baton_limits',
  `create table if not exists baton_limits.provider_calls (
    provider text not null,
    call text not null,
    taken_at timestamptz not null,
    tokens bigint not null,
    primary key (provider, call)
  )`,
  'create index if not exists provider_calls_by_time on baton_limits.provider_calls (provider, taken_at)',
  // One statement takes a place or says how long to wait: the provider's advisory lock serialises
  // takers on every worker, and the database's clock times the window.
  `create or replace function baton_limits.take_place(
    wanted_provider text, wanted_call text, wanted_tokens bigint,
    requests_per_minute integer, tokens_per_minute bigint, window_ms integer
  ) returns bigint language plpgsql as $$
  declare
    taken timestamptz;
    span interval := make_interval(secs => window_ms / 1000.0);
    calls integer;
    used bigint;
    oldest timestamptz;
  begin
    perform pg_advisory_xact_lock(hashtextextended('baton_limits:' || wanted_provider, 0));
    taken := clock_timestamp();
    delete from baton_limits.provider_calls where provider = wanted_provider and taken_at <= taken - span;
    select count(*), coalesce(sum(tokens), 0), min(taken_at) into calls, used, oldest
      from baton_limits.provider_calls where provider = wanted_provider;
    if (requests_per_minute is null or calls < requests_per_minute)
      and (tokens_per_minute is null or calls = 0 or used + wanted_tokens <= tokens_per_minute) then
      insert into baton_limits.provider_calls (provider, call, taken_at, tokens)
        values (wanted_provider, wanted_call, taken, wanted_tokens) on conflict do nothing;
      return 0;
    end if;
    return greatest(1, ceil(extract(epoch from (oldest + span - taken)) * 1000))::bigint;
  end $$`,
];

// Any fixed number: it only keeps two workers from creating the schema at the same moment.
const setupLockId = 7_263_114_905;

/** The shared window in a table of the queue's PostgreSQL database. */
export function createPostgresWindowStore(connectionString: string): SharedWindowStore {
  const pool = new pg.Pool({ connectionString, max: 4, connectionTimeoutMillis: 5000 });
  // An idle connection the server dropped is replaced on the next query; the error is not fatal.
  pool.on('error', () => {});
  const unreachable = (error: unknown) =>
    new BatonError({
      code: 'QUEUE_UNREACHABLE',
      message: `The provider rate limits shared through PostgreSQL at ${redactQueueUrl(connectionString)} could not be read: ${describeCause(error)}.`,
      hint: 'Check that the queue database is up and that its user may create a schema; the call goes ahead once it answers again.',
      isRetryable: true,
      cause: error,
    });
  let setup: Promise<void> | undefined;
  const ensureSetup = () => {
    setup ??= (async () => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query('select pg_advisory_xact_lock($1)', [setupLockId]);
        for (const statement of setupStatements) await client.query(statement);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    })().catch((error: unknown) => {
      setup = undefined;
      throw error;
    });
    return setup;
  };
  const query = async (text: string, values: unknown[]) => {
    try {
      await ensureSetup();
      return await pool.query(text, values);
    } catch (error) {
      throw unreachable(error);
    }
  };
  return {
    async take(place, limits, windowMs) {
      const result = await query('select baton_limits.take_place($1, $2, $3, $4, $5, $6) as wait_ms', [
        place.providerId,
        place.call,
        place.tokens,
        limits.requestsPerMinute ?? null,
        limits.tokensPerMinute ?? null,
        windowMs,
      ]);
      return Number((result.rows[0] as { wait_ms: string }).wait_ms);
    },
    async settle(place, actualTokens) {
      await query('update baton_limits.provider_calls set tokens = $3 where provider = $1 and call = $2', [
        place.providerId,
        place.call,
        actualTokens,
      ]);
    },
    async close() {
      await pool.end();
    },
  };
}

/**
 * Provider rate limits shared by every worker of a PostgreSQL queue: one sliding minute per
 * provider id in the queue's database (`baton_limits.provider_calls`), timed by the database's clock.
 */
export function createPostgresRateLimits(
  connectionString: string,
  options: SharedRateLimitsOptions = {},
): SharedRateLimits {
  return createSharedLimits(createPostgresWindowStore(connectionString), options);
}
