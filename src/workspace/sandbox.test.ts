import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatonError } from '../core/errors.js';
import { utf8Boundary } from './output-collector.js';
import { createProjectCopy, runSandboxed } from './sandbox.js';
import { probeNetworkIsolation } from './sandbox-capabilities.js';
import { isSecretVariableName } from './sandbox-environment.js';

const cwd = mkdtempSync(join(tmpdir(), 'baton-sandbox-test-'));
const node = process.execPath;
const base = { cwd, timeoutMs: 20_000, memoryMb: 256 };

describe('runSandboxed', () => {
  let server: Server;
  let port = 0;
  let connections = 0;

  beforeAll(async () => {
    server = createServer((socket) => {
      connections++;
      socket.on('error', () => {});
      socket.end('hello\n');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(() => {
    server.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('runs a command and captures its exit code and output', async () => {
    const result = await runSandboxed({
      ...base,
      command: node,
      args: ['-e', 'process.stdout.write("out"); process.stderr.write("err"); process.exit(3)'],
    });
    expect(result).toMatchObject({
      exitCode: 3,
      signal: null,
      stdout: 'out',
      stderr: 'err',
      timedOut: false,
    });
    expect(result.outputTruncated).toBe(false);
  });

  it('hides OPENAI_API_KEY and other secrets set in the parent and in options.env', async () => {
    process.env.OPENAI_API_KEY = 'sk-parent-secret-value';
    process.env.BATON_SANDBOX_PARENT_ONLY = 'not-on-the-allow-list';
    try {
      const result = await runSandboxed({
        ...base,
        command: node,
        args: ['-e', 'console.log(JSON.stringify(process.env))'],
        env: {
          GITHUB_TOKEN: 'ghp_x',
          DB_PASSWORD: 'hunter2',
          AWS_SECRET_ACCESS_KEY: 'x',
          FEATURE_FLAG: 'on',
        },
      });
      const childEnv = JSON.parse(result.stdout) as Record<string, string>;
      expect(childEnv.OPENAI_API_KEY).toBeUndefined();
      expect(result.stdout).not.toContain('sk-parent-secret-value');
      expect(childEnv.BATON_SANDBOX_PARENT_ONLY).toBeUndefined();
      expect(childEnv.GITHUB_TOKEN).toBeUndefined();
      expect(childEnv.DB_PASSWORD).toBeUndefined();
      expect(childEnv.AWS_SECRET_ACCESS_KEY).toBeUndefined();
      expect(childEnv.FEATURE_FLAG).toBe('on');
      expect(childEnv.HOME).not.toBe(process.env.HOME);
      expect(childEnv.NODE_OPTIONS).toContain('--max-old-space-size=256');
      expect(result.notes.join('\n')).toContain('GITHUB_TOKEN');
    } finally {
      delete process.env.OPENAI_API_KEY;
      delete process.env.BATON_SANDBOX_PARENT_ONLY;
    }
  });

  it('cannot open a TCP connection to a server on 127.0.0.1 when isolated, and can when allowed', async () => {
    const script = `require('node:net').connect(${port}, '127.0.0.1')
      .on('connect', () => { console.log('connected'); process.exit(0); })
      .on('error', (error) => { console.log('failed ' + error.code); process.exit(1); });`;
    const isolation = await probeNetworkIsolation();
    const before = connections;
    const isolated = await runSandboxed({ ...base, command: node, args: ['-e', script] });
    if (isolation.available) {
      expect(isolated.network).toBe('isolated');
      expect(isolated.notes.join('\n')).toContain('Network: isolated in a fresh network namespace');
      expect(isolated.stdout).toMatch(/^failed E/);
      expect(connections).toBe(before);
    } else {
      expect(isolated.network).toBe('not-isolated');
      expect(isolated.notes.join('\n')).toContain('Network: NOT isolated');
    }
    const open = await runSandboxed({ ...base, command: node, args: ['-e', script], allowNetwork: true });
    expect(open.network).toBe('not-isolated');
    expect(open.stdout).toContain('connected');
    expect(open.notes.join('\n')).toContain('caller allowed network');
  });

  // Most users are not root: then the sandbox needs a user namespace. The process runs as `nobody`,
  // which may not be able to read this checkout (a clone in a 0700 folder), so what it loads is
  // staged in a world-readable temporary folder first.
  const canDropToNobody = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');
  it.skipIf(!canDropToNobody)('isolates the network for a user that is not root', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'baton-sandbox-nobody-'));
    try {
      cpSync(join(import.meta.dirname, '..'), join(folder, 'src'), { recursive: true });
      const jiti = dirname(createRequire(import.meta.url).resolve('jiti/package.json'));
      cpSync(jiti, join(folder, 'node_modules', 'jiti'), { recursive: true, dereference: true });
      const probe = `require('node:net').connect(${port}, '127.0.0.1')
        .on('connect', () => console.log('connected')).on('error', (error) => console.log('failed ' + error.code));`;
      writeFileSync(
        join(folder, 'run.ts'),
        `import { runSandboxed } from './src/workspace/sandbox.ts';
        const result = await runSandboxed({ cwd: ${JSON.stringify(folder)}, command: process.execPath,
          args: ['-e', ${JSON.stringify(probe)}], timeoutMs: 20000, memoryMb: 128, allowUnsandboxed: true });
        console.log(JSON.stringify({ uid: process.getuid(), network: result.network, stdout: result.stdout, notes: result.notes }));`,
      );
      spawnSync('chmod', ['-R', 'a+rX', folder]);
      const register = join(folder, 'node_modules', 'jiti', 'lib', 'jiti-register.mjs');
      const child = spawnSync(
        'setpriv',
        [
          '--reuid=65534',
          '--regid=65534',
          '--clear-groups',
          process.execPath,
          '--import',
          register,
          'run.ts',
        ],
        { cwd: folder, encoding: 'utf8', env: { ...process.env, JITI_FS_CACHE: 'false' }, timeout: 60_000 },
      );
      const last = child.stdout.trim().split('\n').at(-1) ?? '';
      expect(last, `the process as nobody printed no report:\n${child.stderr}`).toMatch(/^\{/);
      const report = JSON.parse(last) as Record<string, unknown>;
      expect(report.uid).toBe(65534);
      if (report.network === 'isolated') expect(report.stdout).toMatch(/^failed E/);
      else expect(String(report.notes)).toContain('Network: NOT isolated');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('lets code in an isolated sandbox still serve and reach itself over loopback', async () => {
    const script = `const net = require('node:net');
      const server = net.createServer((socket) => socket.end('self')).listen(0, '127.0.0.1', () => {
        net.connect(server.address().port, '127.0.0.1').on('data', (data) => { console.log(String(data)); process.exit(0); });
      });`;
    const result = await runSandboxed({ ...base, command: node, args: ['-e', script] });
    expect(result.stdout.trim()).toBe('self');
  });

  it('kills the whole process group on timeout', async () => {
    const marker = join(cwd, 'grandchild-survived');
    // The grandchild would write the marker after 1.5 s unless the group is killed.
    const grandchild = "setTimeout(() => require('node:fs').writeFileSync(process.argv[1], 'x'), 1500)";
    const script = `require('node:child_process').spawn(process.execPath,
      ['-e', ${JSON.stringify(grandchild)}, ${JSON.stringify(marker)}], { stdio: 'ignore' });
      setInterval(() => {}, 1000);`;
    // The copy outlives the run, so a write by a surviving grandchild would show in it.
    const copy = await createProjectCopy(cwd);
    try {
      const result = await runSandboxed({
        ...base,
        timeoutMs: 500,
        command: node,
        args: ['-e', script],
        projectCopy: copy,
        allowUnsandboxed: true,
      });
      expect(result.timedOut).toBe(true);
      expect(result.signal).toBe('SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(existsSync(marker)).toBe(false);
      expect(existsSync(join(copy.path, 'grandchild-survived'))).toBe(false);
    } finally {
      await copy.remove();
    }
  });

  it('limits the Node.js heap', async () => {
    const script = 'const keep = []; for (;;) keep.push(new Array(1e6).fill(Math.random()));';
    const result = await runSandboxed({ ...base, memoryMb: 64, command: node, args: ['-e', script] });
    expect(result.timedOut).toBe(false);
    expect(result.exitCode === 0).toBe(false);
    expect(result.stderr).toMatch(/heap/i);
    expect(result.notes.join('\n')).toContain('--max-old-space-size');
  });

  it('limits the address space of other programs with prlimit', async () => {
    const result = await runSandboxed({ ...base, memoryMb: 100, command: 'sh', args: ['-c', 'ulimit -v'] });
    expect(result.notes.join('\n')).toContain('no address-space limit for the shell');
    const python = await runSandboxed({
      ...base,
      memoryMb: 100,
      command: 'python3',
      args: ['-c', 'import resource; print(resource.getrlimit(resource.RLIMIT_AS)[0])'],
    });
    if (python.exitCode === 127) return; // python3 is not installed here
    expect(python.stdout.trim()).toBe(String(100 * 1024 * 1024));
    expect(python.notes.join('\n')).toContain('prlimit --as');
  });

  it('cuts output at the byte limit on a character boundary and keeps draining', async () => {
    // 'é' is two bytes; a limit of 5 bytes must keep two characters, not a broken third.
    const script = 'process.stdout.write("é".repeat(200000)); process.stderr.write("done")';
    const result = await runSandboxed({ ...base, maxOutputBytes: 5, command: node, args: ['-e', script] });
    expect(result.stdout).toBe('éé');
    expect(result.stderr).toBe('done');
    expect(result.outputTruncated).toBe(true);
    expect(result.exitCode).toBe(0);
  });

  it('passes stdin and reports a missing command as exit code 127', async () => {
    const echoed = await runSandboxed({
      ...base,
      command: node,
      args: ['-e', 'process.stdin.pipe(process.stdout)'],
      stdin: 'from stdin',
    });
    expect(echoed.stdout).toBe('from stdin');
    const missing = await runSandboxed({ ...base, command: 'baton-no-such-command' });
    expect(missing.exitCode).toBe(127);
  });

  it('refuses a missing working directory with a typed error', async () => {
    const error = await runSandboxed({ ...base, cwd: join(cwd, 'nope'), command: node }).catch(
      (caught: unknown) => caught,
    );
    expect(BatonError.isInstance(error) && error.code).toBe('SANDBOX_OPTIONS_INVALID');
  });

  it('runs a script file from the working directory', async () => {
    writeFileSync(join(cwd, 'script.mjs'), 'console.log(process.cwd())');
    const result = await runSandboxed({ ...base, command: node, args: ['script.mjs'] });
    expect(result.stdout.trim()).toBe(cwd);
  });
});

describe('utf8Boundary and secret names', () => {
  it('never ends inside a multi-byte character', () => {
    const bytes = Buffer.from('a€b😀', 'utf8');
    for (let length = 0; length <= bytes.length; length++) {
      const cut = bytes.subarray(0, length);
      const kept = cut.subarray(0, utf8Boundary(cut)).toString('utf8');
      expect(kept).not.toContain('\uFFFD');
      expect('a€b😀'.startsWith(kept)).toBe(true);
    }
  });

  it('recognises secret variable names and leaves ordinary ones', () => {
    for (const name of ['OPENAI_API_KEY', 'GITHUB_TOKEN', 'DB_PASSWORD', 'AWS_SECRET_ACCESS_KEY', 'NPM_AUTH'])
      expect(isSecretVariableName(name)).toBe(true);
    for (const name of ['PATH', 'NODE_PATH', 'LANG', 'KEYBOARD_LAYOUT', 'AUTHOR'])
      expect(isSecretVariableName(name)).toBe(false);
  });
});
