import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bubblewrapArguments, foldersUnderPrivateTmp } from './sandbox-mounts.js';

let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

describe('the sandbox keeps what it needs from a private /tmp', () => {
  it('mounts back the tool folders that lie under /tmp, and only those', () => {
    scratch = mkdtempSync('/tmp/baton-mounts-');
    const clone = join(scratch, 'baton');
    mkdirSync(clone);
    expect(foldersUnderPrivateTmp([clone, '/usr/local', '/work/baton'])).toEqual([clone]);
    expect(foldersUnderPrivateTmp(['/tmpfoo/x'])).toEqual([]);
  });

  it('binds the project copy after the private /tmp, so a project under /tmp stays writable', () => {
    const args = bubblewrapArguments({
      copy: {
        path: '/var/tmp/copy',
        projectRoot: '/tmp/project',
        readOnlyFolders: [],
        dependencyFolders: [],
        remove: async () => {},
      },
      cwd: '/tmp/project',
      isolateNetwork: true,
    });
    const tmpfs = args.indexOf('/tmp');
    const copy = args.indexOf('/var/tmp/copy');
    expect(tmpfs).toBeGreaterThan(0);
    expect(copy).toBeGreaterThan(tmpfs);
    expect(args[copy - 1]).toBe('--bind');
    expect(args).toContain('--unshare-net');
  });
});
