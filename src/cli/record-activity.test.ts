import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTemporaryRepository,
  type TemporaryRepository,
} from '../../test/support/temporary-repository.js';
import { loadConfig } from '../core/index.js';
import { openSqliteLedger } from '../ledger/index.js';
import type { CliIo } from './command.js';
import { runRecordingActivity } from './record-activity.js';

let repository: TemporaryRepository;
afterEach(() => repository.remove());

function bufferIo(cwd: string): CliIo & { errors: () => string } {
  let stderr = '';
  return {
    cwd,
    env: {},
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
    errors: () => stderr,
  };
}

describe('recording a command’s activity', () => {
  it('records the wall time as the configured person’s activity, also when the command fails', async () => {
    repository = createTemporaryRepository({ 'baton.config.json': '{ "person": "grace" }' });
    const io = bufferIo(repository.root);
    const context = { io, loadConfig: () => loadConfig({ cwd: repository.root, env: {} }) };
    expect(await runRecordingActivity('debugging', context, async () => 1)).toBe(1);
    await expect(
      runRecordingActivity('debugging', context, async () => {
        throw new Error('verify crashed');
      }),
    ).rejects.toThrow('verify crashed');

    const ledger = await openSqliteLedger({ path: join(repository.root, '.baton', 'ledger.db') });
    const intervals = await ledger.rows('activityIntervals');
    await ledger.close();
    expect(intervals).toHaveLength(2);
    expect(intervals[0]).toMatchObject({
      person: 'grace',
      activity: 'debugging',
      source: 'recorded',
      componentId: null,
    });
    expect(Date.parse(intervals[0]?.endedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(intervals[0]?.startedAt ?? ''),
    );
  });

  it('warns instead of failing the command when the ledger cannot be reached', async () => {
    repository = createTemporaryRepository({
      'baton.config.json': '{ "ledger": "postgres://nobody@127.0.0.1:1/ledger" }',
    });
    const io = bufferIo(repository.root);
    const context = { io, loadConfig: () => loadConfig({ cwd: repository.root, env: {} }) };
    expect(await runRecordingActivity('planning', context, async () => 0)).toBe(0);
    expect(io.errors()).toContain(
      'warning: planning time not recorded in the ledger: Cannot reach the PostgreSQL ledger at 127.0.0.1:1/ledger',
    );
  });
});
