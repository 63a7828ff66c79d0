import { existsSync, mkdirSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Debian's Chromium, or why there is none (in CI its absence is a failure, not a skip). */
export function findChromium(): { path: string } | { skipped: string } {
  const path = process.env.BATON_TEST_CHROMIUM ?? candidates.find((candidate) => existsSync(candidate));
  if (path) return { path };
  const reason = "Chromium not found (install Debian's `chromium` package)";
  if (process.env.CI) throw new Error(`CI must run the browser tests: ${reason}`);
  return { skipped: reason };
}

export async function launchChromium(path: string): Promise<Browser> {
  return chromium.launch({
    executablePath: path,
    headless: true,
    // The machine has no network: without these, Chromium keeps trying to reach Google's services.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Where tests save screenshots for a person to look at. */
export function screenshotPath(name: string): string {
  const directory = new URL('../../test-results/screenshots/', import.meta.url).pathname;
  mkdirSync(directory, { recursive: true });
  return `${directory}${name}.png`;
}
