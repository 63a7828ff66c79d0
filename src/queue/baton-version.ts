import { readFileSync } from 'node:fs';

/** The running Baton's version, from its package.json (the same path from src/ and dist/). */
export function batonVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}
