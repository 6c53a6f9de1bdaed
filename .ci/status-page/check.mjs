// Opens the query API's status page in Debian's headless Chromium and waits until it shows live numbers: a source
// whose records/s is a number above 0 with a freshness, and a non-zero sink file count. Then takes a screenshot.
//
//   node check.mjs <page url> <screenshot.png> [timeout seconds, default 120]
//
//   STATUS_PAGE_TOKEN=<token> node check.mjs …   when the API needs a bearer token
//
// Exits 1 with what the page showed when the numbers do not come; the screenshot is written either way.
import { chromium } from 'playwright-core';
import { mkdirSync, rmSync, mkdtempSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';

const [url, screenshot, timeoutArg] = process.argv.slice(2);
if (!url || !screenshot) {
  console.error('usage: node check.mjs <page url> <screenshot.png> [timeout seconds]');
  process.exit(2);
}
const timeoutMs = Number(timeoutArg || 120) * 1000;
// When the API has a token (marketflow.query.api-token), give it here; it is typed into the page's prompt.
const token = process.env.STATUS_PAGE_TOKEN || '';
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps dialling Google's hosts, which this closed network refuses.
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const profile = mkdtempSync(join(tmpdir(), 'status-page-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath, args, headless: true, viewport: { width: 1400, height: 1000 },
});
let failure = null;
try {
  const page = context.pages()[0] || await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  // Anything the page asks for outside the API's own origin is a bug: the page must work without the internet.
  const origin = new URL(url).origin;
  page.on('request', (r) => { if (!r.url().startsWith(origin)) problems.push(`request outside the API: ${r.url()}`); });

  const response = await page.goto(url, { waitUntil: 'domcontentloaded' });
  if (!response || response.status() !== 200) {
    throw new Error(`${url} answered ${response ? response.status() : 'nothing'}`);
  }
  if (token) {
    // As a user does: the page asks once on the first 401, keeps the token in sessionStorage, and polls on with it.
    await page.locator('#token-form:not([hidden])').waitFor({ timeout: 30000 });
    await page.fill('#token', token);
    await page.click('#token-form button[type=submit]');
  }
  try {
    await page.waitForFunction(() => {
      const live = [...document.querySelectorAll('[data-testid=source-row]')].some((row) => {
        const rate = Number(row.querySelector('[data-testid=records-per-second]')?.dataset.value);
        const freshness = row.querySelector('[data-testid=freshness]')?.dataset.value ?? '';
        return Number.isFinite(rate) && rate > 0 && freshness !== '';
      });
      const files = [...document.querySelectorAll('[data-testid=files]')].some((c) => Number(c.textContent.replace(/,/g, '')) > 0);
      return live && files;
    }, null, { timeout: timeoutMs, polling: 1000 });
    // One more history poll, so the screenshot's sparklines have their points.
    await page.waitForFunction(() => document.querySelector('svg.spark polyline') !== null, null, { timeout: 15000 })
      .catch(() => problems.push('no sparkline drawn within 15 s of the live numbers'));
  } catch (e) {
    const shown = await page.evaluate(() => ({
      state: document.querySelector('[data-testid=state]')?.textContent,
      errors: document.querySelector('[data-testid=errors]')?.textContent,
      sources: [...document.querySelectorAll('[data-testid=source-row]')].map((r) => r.innerText.replace(/\s+/g, ' ')),
      tokenAsked: !document.getElementById('token-form')?.hidden,
    }));
    const hint = shown.tokenAsked ? ' The API needs a token: set STATUS_PAGE_TOKEN.' : '';
    throw new Error(`the page showed no live numbers within ${timeoutMs / 1000} s (a source with records/s > 0 and a `
      + `freshness, and a dataset with files).${hint} It showed: ${JSON.stringify(shown, null, 2)}`);
  } finally {
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
  }
  if (problems.some((p) => p.startsWith('script error') || p.startsWith('request outside'))) {
    throw new Error(problems.join('\n'));
  }
  const rows = await page.$$eval('[data-testid=source-row]', (rs) => rs.map((r) => r.innerText.replace(/\s+/g, ' ')));
  console.log(`[status-page] live numbers on ${url}:`);
  for (const r of rows) console.log(`[status-page]   ${r}`);
  for (const p of problems) console.log(`[status-page] note: ${p}`);
  console.log(`[status-page] screenshot: ${screenshot}`);
} catch (e) {
  failure = e;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
if (failure) {
  console.error(`[status-page] FAILED: ${failure.message}`);
  process.exit(1);
}
