import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BatonError } from '../core/errors.js';
import { runSandboxed } from './sandbox.js';
import { probeFileSystemIsolation } from './sandbox-capabilities.js';

const project = mkdtempSync(join(tmpdir(), 'baton-fs-project-'));
// Outside /tmp too, since the sandbox's /tmp is private whatever happens.
const outside = mkdtempSync(join(existsSync('/var/tmp') ? '/var/tmp' : tmpdir(), 'baton-fs-outside-'));
mkdirSync(join(project, 'node_modules', 'dep'), { recursive: true });
writeFileSync(join(project, 'node_modules', 'dep', 'index.js'), 'module.exports = 42;\n');
writeFileSync(join(project, 'data.txt'), 'original\n');
const node = process.execPath;
const base = { cwd: project, timeoutMs: 20_000, memoryMb: 256 };

/** Writes a file at each path and prints, per path, `ok` or the error code. */
const writeEach = (paths: string[]) => `
  const fs = require('node:fs');
  for (const path of ${JSON.stringify(paths)}) {
    try { fs.writeFileSync(path, 'written by the sandbox'); console.log(path + ' ok'); }
    catch (error) { console.log(path + ' ' + error.code); }
  }`;

const bubblewrap = await probeFileSystemIsolation('bwrap');

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe.skipIf(!bubblewrap.available)('the file-system sandbox (bubblewrap)', () => {
  it('writes only to a throwaway copy of the project and a private /tmp', async () => {
    const outsideFile = join(outside, 'escaped.txt');
    const hostTmpFile = join(tmpdir(), `baton-fs-escaped-${process.pid}.txt`);
    const result = await runSandboxed({
      ...base,
      command: node,
      args: [
        '-e',
        writeEach([
          join(project, 'data.txt'),
          join(project, 'new.txt'),
          outsideFile,
          hostTmpFile,
          join(project, 'node_modules', 'dep', 'index.js'),
          join(project, 'node_modules', 'cache-file'),
          '/tmp/private.txt',
        ]),
      ],
      readBack: ['new.txt', 'data.txt', 'never-written.txt'],
    });
    expect(result.fileSystem).toBe('isolated');
    expect(result.degraded).toEqual([]);
    expect(result.notes.join('\n')).toContain('File system: read-only except a throwaway copy');
    const lines = result.stdout.trim().split('\n');
    expect(lines).toContain(`${join(project, 'data.txt')} ok`);
    expect(lines).toContain(`${join(project, 'new.txt')} ok`);
    expect(lines).toContain('/tmp/private.txt ok');
    expect(lines.find((line) => line.startsWith(outsideFile))).toBe(`${outsideFile} EROFS`);
    expect(lines.find((line) => line.includes('node_modules/dep'))).toMatch(/EROFS$/);
    // Tools still write their caches beside the packages (vite bundles its config there).
    expect(lines).toContain(`${join(project, 'node_modules', 'cache-file')} ok`);
    expect(existsSync(join(project, 'node_modules', 'cache-file'))).toBe(false);
    // The project, the folder outside it and the host's /tmp are as they were.
    expect(readFileSync(join(project, 'data.txt'), 'utf8')).toBe('original\n');
    expect(existsSync(join(project, 'new.txt'))).toBe(false);
    expect(readFileSync(join(project, 'node_modules', 'dep', 'index.js'), 'utf8')).toContain('42');
    expect(readdirSync(outside)).toEqual([]);
    expect(existsSync(hostTmpFile)).toBe(false);
    // What the command wrote in the project is read back from the copy before it goes.
    expect(result.files).toEqual({
      'new.txt': 'written by the sandbox',
      'data.txt': 'written by the sandbox',
      'never-written.txt': undefined,
    });
  });

  it('mounts a linked node_modules the same way: packages read-only, caches writable', async () => {
    const linked = mkdtempSync(join(tmpdir(), 'baton-fs-linked-'));
    try {
      symlinkSync(join(project, 'node_modules'), join(linked, 'node_modules'), 'dir');
      const result = await runSandboxed({
        ...base,
        cwd: linked,
        command: node,
        args: [
          '-e',
          `${writeEach([join(linked, 'node_modules', 'dep', 'index.js')])}
          require('node:fs').mkdirSync('node_modules/.vite-temp');
          require('node:fs').writeFileSync('node_modules/.vite-temp/config.mjs', '');
          console.log(require('./node_modules/dep'));`,
        ],
      });
      expect(result.stdout.trim().split('\n')).toEqual([
        `${join(linked, 'node_modules', 'dep', 'index.js')} EROFS`,
        '42',
      ]);
      expect(existsSync(join(project, 'node_modules', '.vite-temp'))).toBe(false);
    } finally {
      rmSync(linked, { recursive: true, force: true });
    }
  });

  it('sees the project at its own path, with its dependencies readable', async () => {
    const result = await runSandboxed({
      ...base,
      command: node,
      args: ['-e', 'console.log(process.cwd(), require(process.cwd() + "/node_modules/dep"))'],
    });
    expect(result.stdout.trim()).toBe(`${project} 42`);
  });
});

describe('where the file-system sandbox cannot be had', () => {
  const missing = join(project, 'no-such-bwrap');

  it('does not run the command, and says how to get the sandbox or run unprotected', async () => {
    const marker = join(outside, 'ran.txt');
    const error = await runSandboxed({
      ...base,
      bwrapPath: missing,
      command: node,
      args: ['-e', writeEach([marker])],
    }).catch((caught: unknown) => caught);
    expect(BatonError.isInstance(error) && error.code).toBe('SANDBOX_UNAVAILABLE');
    expect(String((error as BatonError).message)).toContain('not installed');
    expect((error as BatonError).hint).toMatch(/apt-get install bubblewrap[\s\S]*--allow-unsandboxed/);
    expect(existsSync(marker)).toBe(false);
  });

  it('says so when bubblewrap is there but cannot create its namespaces', async () => {
    const refusing = join(project, 'refusing-bwrap');
    writeFileSync(refusing, '#!/bin/sh\necho "bwrap: setting up uid map: Permission denied" >&2\nexit 1\n', {
      mode: 0o755,
    });
    const error = await runSandboxed({ ...base, bwrapPath: refusing, command: node, args: ['-e', ''] }).catch(
      (caught: unknown) => caught,
    );
    expect(BatonError.isInstance(error) && error.code).toBe('SANDBOX_UNAVAILABLE');
    expect((error as BatonError).message).toMatch(
      /cannot create its namespaces here \(bwrap: setting up uid map/,
    );
  });

  it('takes the bubblewrap program from BATON_BWRAP', async () => {
    process.env.BATON_BWRAP = missing;
    try {
      const error = await runSandboxed({ ...base, command: node, args: ['-e', ''] }).catch(
        (caught: unknown) => caught,
      );
      expect(BatonError.isInstance(error) && error.code).toBe('SANDBOX_UNAVAILABLE');
    } finally {
      delete process.env.BATON_BWRAP;
    }
  });

  it('runs unprotected when allowed, says so, and leaves no report file behind', async () => {
    const result = await runSandboxed({
      ...base,
      bwrapPath: missing,
      allowUnsandboxed: true,
      command: node,
      args: ['-e', writeEach([join(project, 'report.json')])],
      readBack: ['report.json'],
    });
    expect(result.fileSystem).toBe('not-isolated');
    expect(result.degraded.join('\n')).toMatch(/File system: NOT isolated: .*not installed.*ran unprotected/);
    expect(result.notes).toEqual(expect.arrayContaining(result.degraded));
    expect(result.files['report.json']).toBe('written by the sandbox');
    expect(existsSync(join(project, 'report.json'))).toBe(false);
  });
});
