import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureProject } from '../__fixtures__/fixture-project.js';
import { verify } from '../verify.js';
import { confirmPackages } from './registry-lookup.js';

// A registry on 127.0.0.1 that knows two packages; every request is counted.
let server: Server;
let baseUrl: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(decodeURIComponent(request.url ?? ''));
    const known = ['/left-pad', '/@scope/real'].includes(decodeURIComponent(request.url ?? ''));
    response.writeHead(known ? 200 : 404, { 'content-type': 'application/json' });
    response.end(known ? '{"name":"x"}' : '{"error":"Not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('registry lookups', () => {
  it('asks once per package and answers later runs from the cache file', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'baton-registry-'));
    try {
      requests.length = 0;
      const first = await confirmPackages(['left-pad', '@scope/real', 'made-up-thing'], cache, baseUrl);
      expect(Object.fromEntries(first)).toEqual({
        'left-pad': true,
        '@scope/real': true,
        'made-up-thing': false,
      });
      expect(requests).toHaveLength(3);
      const second = await confirmPackages(['left-pad', 'made-up-thing'], cache, baseUrl);
      expect(Object.fromEntries(second)).toEqual({ 'left-pad': true, 'made-up-thing': false });
      expect(requests).toHaveLength(3);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it('an unreachable registry leaves the answer open instead of inventing one', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'baton-registry-'));
    try {
      const answers = await confirmPackages(['anything'], cache, 'http://127.0.0.1:9', 2000);
      expect(answers.get('anything')).toBeUndefined();
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it('turns an unknown package into a nonexistent one when enabled', async () => {
    const project = createFixtureProject({
      files: {
        'package.json': '{"name":"app","type":"module"}',
        'index.js': "import magic from 'made-up-thing';\nexport default magic;\n",
      },
    });
    const previous = process.env.npm_config_registry;
    process.env.npm_config_registry = baseUrl;
    try {
      const offline = await verify({ root: project.root, checks: ['api'] });
      expect(offline.findings.map((finding) => finding.ruleId)).toEqual(['api/unknown-package']);
      const online = await verify({ root: project.root, checks: ['api'], registryLookup: true });
      expect(online.findings).toEqual([
        expect.objectContaining({ ruleId: 'api/nonexistent-package', checkedAgainst: 'the npm registry' }),
      ]);
    } finally {
      if (previous === undefined) delete process.env.npm_config_registry;
      else process.env.npm_config_registry = previous;
      project.remove();
    }
  });
});
