import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const cacheSchema = z.record(z.string(), z.object({ exists: z.boolean(), checkedAt: z.string() }));
type RegistryCache = z.infer<typeof cacheSchema>;

/** How long an answer is trusted: names get published, and rarely unpublished. */
const cacheLifetimeMs = 7 * 24 * 60 * 60 * 1000;

function readCache(path: string): RegistryCache {
  try {
    const parsed = cacheSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** What the cache already knows about each package, without asking the registry (lookups off). */
export function cachedPackageAnswers(
  names: readonly string[],
  cacheDirectory: string,
): Map<string, boolean | undefined> {
  const cache = readCache(join(cacheDirectory, 'registry-packages.json'));
  const now = Date.now();
  return new Map(
    names.map((name) => {
      const entry = cache[name];
      const fresh = entry && now - Date.parse(entry.checkedAt) < cacheLifetimeMs;
      return [name, fresh ? entry.exists : undefined];
    }),
  );
}

/** The registry to ask: npm's own setting when present, else the public registry. */
export function registryUrl(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return (env.npm_config_registry ?? env.NPM_CONFIG_REGISTRY ?? 'https://registry.npmjs.org').replace(
    /\/+$/,
    '',
  );
}

async function askRegistry(baseUrl: string, name: string, signal: AbortSignal): Promise<boolean | undefined> {
  try {
    const response = await fetch(`${baseUrl}/${name.replace('/', '%2f')}`, {
      method: 'GET',
      headers: { accept: 'application/vnd.npm.install-v1+json' },
      signal,
    });
    await response.body?.cancel();
    if (response.status === 404) return false;
    if (response.ok) return true;
    return undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether each package exists on the registry, from a cache file under `cacheDirectory` when it
 * is fresh; unanswered names (network down) map to undefined so no finding is made up.
 */
export async function confirmPackages(
  names: readonly string[],
  cacheDirectory: string,
  baseUrl: string = registryUrl(),
  timeoutMs = 5000,
): Promise<Map<string, boolean | undefined>> {
  const path = join(cacheDirectory, 'registry-packages.json');
  const cache = readCache(path);
  const answers = new Map<string, boolean | undefined>();
  const now = Date.now();
  const missing = names.filter((name) => {
    const entry = cache[name];
    if (entry && now - Date.parse(entry.checkedAt) < cacheLifetimeMs) {
      answers.set(name, entry.exists);
      return false;
    }
    return true;
  });
  if (missing.length === 0) return answers;
  const signal = AbortSignal.timeout(timeoutMs);
  const results = await Promise.all(missing.map((name) => askRegistry(baseUrl, name, signal)));
  for (const [index, name] of missing.entries()) {
    const exists = results[index];
    answers.set(name, exists);
    if (exists !== undefined) cache[name] = { exists, checkedAt: new Date(now).toISOString() };
  }
  try {
    mkdirSync(cacheDirectory, { recursive: true });
    writeFileSync(path, `${JSON.stringify(cache, null, 2)}\n`);
  } catch {
    // A read-only checkout still gets answers; they are just asked again next time.
  }
  return answers;
}
