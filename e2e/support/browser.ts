import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from './repo-root.js';

export const SCREENSHOT_DIR = join(REPO_ROOT, 'e2e/output/console');
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with the flags TOOLCHAIN.md gives (a fresh profile per launch). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
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

export function newContext(
  browser: Browser,
  colorScheme: 'light' | 'dark',
  width = 1280,
): Promise<BrowserContext> {
  return browser.newContext({
    colorScheme,
    viewport: { width, height: 860 },
    acceptDownloads: true,
  });
}

/** Full-page PNG under e2e/output/console/<name>-<scheme>.png. */
export async function screenshot(page: Page, name: string, scheme: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}-${scheme}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Signs in through the console's login page and the dev IdP's real login form. */
export async function signIn(
  page: Page,
  baseUrl: string,
  user: string,
  password: string,
): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByRole('link', { name: 'Sign in with SSO' }).click();
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  try {
    await page.getByRole('heading', { name: 'Overview' }).waitFor({ timeout: 20_000 });
  } catch (error) {
    await screenshot(page, `sign-in-failed-${user}`, 'debug').catch(() => undefined);
    const text = await page
      .locator('body')
      .innerText()
      .catch(() => '?');
    throw new Error(`${user} did not reach the overview; at ${page.url()}: ${text.slice(0, 500)}`, {
      cause: error,
    });
  }
}
