import { type ErrorCode, errorCodes } from './error-codes.js';

const marker = 'baton.error';
const symbol = Symbol.for(marker);

export interface BatonErrorOptions {
  code: ErrorCode;
  message: string;
  /** How to fix it, in one or two sentences addressed to the user. */
  hint?: string;
  cause?: unknown;
  /** Whether trying the same thing again may succeed (network faults, rate limits). */
  isRetryable?: boolean;
  /** Structured facts about the failure (file, field, host…) for machines and tests. */
  details?: Record<string, unknown>;
}

/**
 * The one error base of Baton. Recognised across package copies with `BatonError.isInstance`,
 * never with `instanceof`, because two installed copies of Baton have two different classes.
 */
export class BatonError extends Error {
  readonly [symbol] = true;
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly isRetryable: boolean;
  readonly details: Record<string, unknown>;

  constructor({ code, message, hint, cause, isRetryable = false, details = {} }: BatonErrorOptions) {
    super(message, { cause });
    this.name = 'BatonError';
    this.code = code;
    this.hint = hint;
    this.isRetryable = isRetryable;
    this.details = details;
  }

  get exitCode(): number {
    return errorCodes[this.code].exitCode;
  }

  static isInstance(error: unknown): error is BatonError {
    return typeof error === 'object' && error !== null && symbol in error && error[symbol] === true;
  }
}

/** The message of any thrown value, for wrapping causes we did not create. */
export function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code && !cause.message.includes(code) ? `${cause.message} (${code})` : cause.message;
  }
  return String(cause);
}
