import type { BatonError } from '../core/errors.js';
import type { Awaitable } from '../core/index.js';
import type { GenerateRequest, GenerateResult } from './provider.js';

export interface CallStartEvent {
  callId: string;
  provider: string;
  request: GenerateRequest;
  startedAt: string;
}

export interface CallRetryEvent {
  callId: string;
  provider: string;
  /** The try that failed, counting from 1. */
  attempt: number;
  error: BatonError;
  delayMs: number;
}

export interface CallEndEvent {
  callId: string;
  provider: string;
  request: GenerateRequest;
  result: GenerateResult;
  /** Tries it took, counting the successful one. */
  attempts: number;
  durationMs: number;
  startedAt: string;
}

export interface CallErrorEvent {
  callId: string;
  provider: string;
  request: GenerateRequest;
  error: BatonError;
  attempts: number;
  durationMs: number;
}

/**
 * Optional hooks around provider calls. The ledger recorder and the retry log are observers, so no
 * provider writes to the ledger or a log itself.
 */
export interface ProviderObserver {
  onCallStart?(event: CallStartEvent): Awaitable<void>;
  onCallRetry?(event: CallRetryEvent): Awaitable<void>;
  onCallEnd?(event: CallEndEvent): Awaitable<void>;
  onCallError?(event: CallErrorEvent): Awaitable<void>;
}
