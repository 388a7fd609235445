// Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core, as VSCODE-E2E.md describes.
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM } from './paths';

export interface Workbench {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export interface WorkbenchOptions {
  /** XDG_* and TMPDIR of the run, so Chromium writes nothing into the home folder. */
  env: NodeJS.ProcessEnv;
  /** Extension development and test paths handed to the smoke-test driver. */
  payload?: Array<[string, string]>;
  viewport?: { width: number; height: number };
  /** Called before navigation, e.g. to expose codeAutomationExit. */
  beforeOpen?: (page: Page) => Promise<void>;
}

export async function launchChromium(env: NodeJS.ProcessEnv): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env: { ...process.env, ...env },
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

/** The workbench URL for a folder, with the smoke-test payload when given. */
export function workbenchUrl(origin: string, folder: string, payload?: Array<[string, string]>): string {
  let url = `${origin}/?folder=${encodeURIComponent(folder)}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** A `vscode-remote://` URI for a path on the code-server machine, as the smoke-test payload expects. */
export function remoteUri(origin: string, path: string): string {
  return `vscode-remote://${new URL(origin).host}${path}`;
}

export async function openWorkbench(
  origin: string,
  folder: string,
  options: WorkbenchOptions,
): Promise<Workbench> {
  const browser = await launchChromium(options.env);
  try {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 } });
    const page = await context.newPage();
    if (options.beforeOpen) await options.beforeOpen(page);
    await page.goto(workbenchUrl(origin, folder, options.payload));
    return { browser, page, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
