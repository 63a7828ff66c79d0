import { describe, expect, it } from 'vitest';
import { errorCodes } from './error-codes.js';
import { BatonError, describeCause } from './errors.js';

describe('BatonError', () => {
  it('carries code, hint, cause and the exit code of its code', () => {
    const cause = new Error('connect ECONNREFUSED');
    const error = new BatonError({
      code: 'LEDGER_UNREACHABLE',
      message: 'no ledger',
      hint: 'start it',
      cause,
      isRetryable: true,
    });
    expect(error).toMatchObject({
      name: 'BatonError',
      code: 'LEDGER_UNREACHABLE',
      hint: 'start it',
      isRetryable: true,
      cause,
    });
    expect(error.exitCode).toBe(errorCodes.LEDGER_UNREACHABLE.exitCode);
  });

  it('is recognised by its marker, also when it comes from another copy of the class', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('baton.error')]: true, code: 'INTERNAL' });
    expect(BatonError.isInstance(new BatonError({ code: 'INTERNAL', message: 'x' }))).toBe(true);
    expect(BatonError.isInstance(foreign)).toBe(true);
    expect(BatonError.isInstance(new Error('x'))).toBe(false);
    expect(BatonError.isInstance(null)).toBe(false);
    expect(BatonError.isInstance('BatonError')).toBe(false);
  });

  it('describes a system error with its code once', () => {
    const system = Object.assign(new Error('connect refused'), { code: 'ECONNREFUSED' });
    expect(describeCause(system)).toBe('connect refused (ECONNREFUSED)');
    expect(describeCause(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      'connect ECONNREFUSED',
    );
    expect(describeCause('plain')).toBe('plain');
  });
});
