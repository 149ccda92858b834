// Opens the demo page in headless Chromium (Debian's, driven by playwright-core) against a running
// Sluice node and demo backend, and checks every panel as a person would see it.
// Env: DEMO_URL (the page, e.g. http://127.0.0.1:3000), CHROMIUM (default /usr/bin/chromium).
// Prints one line per check; exits 1 with the failed check, the page's event log and its errors.
import { chromium } from 'playwright-core';

const pageUrl = process.env.DEMO_URL;
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const NAME = 'Chromium';
const WAIT = { timeout: 10_000 };

if (!pageUrl) {
  console.error('DEMO_URL is not set');
  process.exit(2);
}

const pageErrors = []; // uncaught exceptions in the page's scripts: always a failure
const consoleErrors = []; // e.g. a refused WebSocket: shown when something fails, not a failure by itself
let browser;
let page;

async function check(label, fn) {
  const started = Date.now();
  try {
    await fn();
    console.log(`ok   ${label} (${Date.now() - started} ms)`);
  } catch (err) {
    console.log(`FAIL ${label}: ${err.message.split('\n')[0]}`);
    await report();
    await browser?.close();
    process.exit(1);
  }
}

/** What the page showed when a check failed: its state badges, its event log and any script errors. */
async function report() {
  if (!page) return;
  const text = async (sel) => (await page.locator(sel).first().textContent().catch(() => '?'))?.trim();
  console.log('--- page state ---');
  for (const sel of ['#status', '#user', '#greeting', '#ticker-state', '#echo-state', '#logs-state']) {
    console.log(`${sel}: ${await text(sel)}`);
  }
  console.log('--- page events (newest first) ---');
  for (const line of await page.locator('#events li').allTextContents().catch(() => [])) console.log(line);
  if (pageErrors.length) console.log(`--- page errors ---\n${pageErrors.join('\n')}`);
  if (consoleErrors.length) console.log(`--- console errors ---\n${consoleErrors.join('\n')}`);
}

const textOf = (sel) => page.locator(sel).textContent();
const listHas = (sel, text) => page.locator(sel, { hasText: text }).first().waitFor(WAIT);
const stateIs = (sel, state) => page.locator(`${sel}[data-state="${state}"]`).waitFor(WAIT);

async function expectEqual(actual, expected, what) {
  const value = await actual;
  if (value !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(value)}`);
}

await check('Chromium starts headless', async () => {
  browser = await chromium.launch({ executablePath, headless: true });
  page = await browser.newPage();
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  page.on('console', (msg) => { if (msg.type() === 'error') consoleErrors.push(msg.text()); });
});

await check('page loads and the client connects without a token', async () => {
  await page.goto(`${pageUrl}/?name=${encodeURIComponent(NAME)}`, WAIT);
  await stateIs('#status', 'connected');
});

await check('connection stream: greeting from the connect reply', async () => {
  await page.waitForFunction((name) => document.querySelector('#greeting').textContent === `Hello, ${name}`,
    NAME, WAIT);
});

await check('connection stream: the backend\'s user is the user the node gives the streams', async () => {
  await page.waitForFunction((name) => document.querySelector('#user').textContent === name, NAME, WAIT);
});

await check('connection stream: welcome push after connecting', async () => {
  await listHas('#message-list li', `Welcome, ${NAME}!`);
});

await check('connection stream: client.send gets a reply push', async () => {
  await page.fill('#send-input', 'ping from chromium');
  await page.click('#send-form button');
  await listHas('#message-list li', 'reply #1: {"text":"ping from chromium"}');
});

await check('ticker: subscribed with the default filter', async () => {
  await stateIs('#ticker-state', 'subscribed');
  await listHas('#events li', 'ticker subscribed: {"user":"Chromium","symbols":["ACME","GLOBEX"]');
});

await check('ticker: a new filter gives at least 3 updates of only the chosen symbols', async () => {
  await page.uncheck('#symbol-GLOBEX');
  await page.check('#symbol-HOOLI');
  await listHas('#events li', '"symbols":["ACME","HOOLI"]');
  await stateIs('#ticker-state', 'subscribed');
  await page.waitForFunction(() => Number(document.querySelector('#ticker-count').textContent) >= 6, null, WAIT);
  const rows = await page.$$eval('#ticker-rows tr', (trs) => trs.map((tr) => ({
    symbol: tr.dataset.symbol,
    price: Number(tr.querySelector('.price').textContent),
    seq: Number(tr.querySelector('.seq').textContent),
  })));
  const symbols = rows.map((r) => r.symbol).sort().join(',');
  if (symbols !== 'ACME,HOOLI') throw new Error(`rows for ${symbols}, expected only ACME,HOOLI`);
  for (const r of rows) {
    if (!(r.price > 0) || !(r.seq >= 1)) throw new Error(`bad row ${JSON.stringify(r)}`);
  }
});

await check('ticker: an unknown symbol shows the backend\'s error code 1001', async () => {
  await page.check('#symbol-NOPE');
  await page.waitForFunction(() => document.querySelector('#ticker-state').textContent.includes('1001'), null, WAIT);
  await expectEqual(page.getAttribute('#ticker-state', 'data-state'), 'unsubscribed', 'ticker state');
  await page.uncheck('#symbol-NOPE');
  await stateIs('#ticker-state', 'subscribed');
});

await check('echo: a publish comes back over the bidirectional stream', async () => {
  await stateIs('#echo-state', 'subscribed');
  await page.fill('#echo-input', 'hello echo');
  await page.click('#echo-form button');
  await listHas('#echo-list li', '#1 {"text":"hello echo"}');
});

await check('logs (CentrifugoProxy contract): lines at info and above', async () => {
  await stateIs('#logs-state', 'subscribed');
  await page.waitForFunction(() => document.querySelectorAll('#log-list li').length >= 3, null, WAIT);
  const levels = await page.$$eval('#log-list li', (lis) => lis.map((li) => li.dataset.level));
  if (levels.some((l) => !['info', 'warn', 'error'].includes(l))) throw new Error(`levels ${levels}`);
});

await check('logs: level warn filters on the backend', async () => {
  await page.selectOption('#log-level', 'warn');
  await listHas('#events li', '"level":"warn","levels":["warn","error"]');
  await page.waitForFunction(() => document.querySelectorAll('#log-list li').length >= 2, null, WAIT);
  const levels = await page.$$eval('#log-list li', (lis) => lis.map((li) => li.dataset.level));
  if (levels.some((l) => !['warn', 'error'].includes(l))) throw new Error(`levels ${levels}`);
});

await check('logs: an unknown level shows the backend\'s error code 1002', async () => {
  await page.selectOption('#log-level', 'fatal');
  await page.waitForFunction(() => document.querySelector('#logs-state').textContent.includes('1002'), null, WAIT);
});

await check('connection stream: an empty name is refused with the backend\'s code 1003', async () => {
  await page.fill('#name', '');
  await page.click('#connect-button');
  await page.waitForFunction(() => {
    const status = document.querySelector('#status');
    return status.dataset.state === 'disconnected' && status.textContent.includes('1003');
  }, null, WAIT);
});

await check('no script errors on the page', async () => {
  if (pageErrors.length) throw new Error(pageErrors.join('; '));
});

await browser.close();
console.log('demo page: all checks passed');
