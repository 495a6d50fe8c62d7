// Browser tests drive Debian's Chromium (`apt-get install -y chromium`) through playwright-core.
// Where /usr/bin/chromium is absent they skip loudly; under CI=true, where .ci/run installs it,
// its absence fails the run.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CODEFRAME_CHROMIUM ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);

/** Call at the top of a browser test file; returns true when its tests should run. */
export function needChromium(what: string): boolean {
  if (HAS_CHROMIUM) return true;
  if (process.env.CI === 'true') throw new Error(`${what}: no Chromium at ${CHROMIUM}, and CI=true requires it (apt-get install -y chromium)`);
  console.warn(`\n*** SKIPPING ${what}: no Chromium at ${CHROMIUM} (apt-get install -y chromium) ***\n`);
  return false;
}

export interface Chromium {
  browser: Browser;
  /** A fresh context (its own cookies: one coder). */
  context(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Launches headless Chromium with a throwaway profile and no network chatter of its own. */
export async function launchChromium(): Promise<Chromium> {
  // launch() refuses --user-data-dir: it gives the browser a fresh temporary profile of its own,
  // removed on close. Each context is a separate cookie jar (one coder each).
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
  return {
    browser,
    context: () => browser.newContext({ viewport: { width: 1400, height: 900 } }),
    close: async () => {
      await browser.close();
    },
  };
}
