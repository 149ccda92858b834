// Opens the demo page in headless Chromium (Debian's, driven by playwright-core) against a running
// Sluice node and demo backend, and checks every panel as a person would see it, once per transport:
// WebSocket, HTTP-streaming and SSE. The two fallbacks run with WebSocket absent from the client's
// transport list, and the page must open no WebSocket at all.
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

// Per page (one page per transport):
let pageErrors = []; // uncaught exceptions in the page's scripts: always a failure
let consoleErrors = []; // e.g. a refused connection: shown when something fails, not a failure by itself
let webSockets = []; // URLs of the WebSockets the page opened
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
  console.log(`url: ${page.url()}`);
  for (const sel of ['#status', '#transport-in-use', '#user', '#greeting', '#ticker-state', '#echo-state',
    '#logs-state']) {
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

/** A fresh page (no state left from the previous transport) at the demo URL with `query` added. */
async function openPage(query) {
  await page?.close();
  pageErrors = [];
  consoleErrors = [];
  webSockets = [];
  page = await browser.newPage();
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  page.on('console', (msg) => { if (msg.type() === 'error') consoleErrors.push(msg.text()); });
  page.on('websocket', (ws) => webSockets.push(ws.url()));
  await page.goto(`${pageUrl}/?name=${encodeURIComponent(NAME)}&${query}`, WAIT);
}

const connectedOver = async (transport) => {
  await stateIs('#status', 'connected');
  await page.waitForFunction((t) => document.querySelector('#transport-in-use').textContent === t, transport, WAIT);
};

/** The same panel checks for every transport, labelled with it. */
async function panelChecks(transport) {
  const step = (label, fn) => check(`[${transport}] ${label}`, fn);

  await step('connection stream: greeting from the connect reply', async () => {
    await page.waitForFunction((name) => document.querySelector('#greeting').textContent === `Hello, ${name}`,
      NAME, WAIT);
  });

  await step('connection stream: the backend\'s user is the user the node gives the streams', async () => {
    await page.waitForFunction((name) => document.querySelector('#user').textContent === name, NAME, WAIT);
  });

  await step('connection stream: welcome push after connecting', async () => {
    await listHas('#message-list li', `Welcome, ${NAME}!`);
  });

  await step('connection stream: client.send gets a reply push', async () => {
    await page.fill('#send-input', `ping over ${transport}`);
    await page.click('#send-form button');
    await listHas('#message-list li', `reply #1: {"text":"ping over ${transport}"}`);
  });

  await step('ticker: subscribed with the default filter', async () => {
    await stateIs('#ticker-state', 'subscribed');
    // The newest such event: after a switch, the log also holds the previous client's.
    const subscribed = await page.locator('#events li', { hasText: 'ticker subscribed:' }).first().textContent();
    if (!subscribed.includes(`ticker subscribed: {"user":"${NAME}","symbols":["ACME","GLOBEX"]`)) {
      throw new Error(`newest ticker subscribed event: ${subscribed}`);
    }
  });

  await step('ticker: a new filter gives at least 3 updates of only the chosen symbols', async () => {
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

  await step('ticker: an unknown symbol shows the backend\'s error code 1001', async () => {
    await page.check('#symbol-NOPE');
    await page.waitForFunction(() => document.querySelector('#ticker-state').textContent.includes('1001'), null, WAIT);
    await expectEqual(page.getAttribute('#ticker-state', 'data-state'), 'unsubscribed', 'ticker state');
    await page.uncheck('#symbol-NOPE');
    await stateIs('#ticker-state', 'subscribed');
  });

  await step('echo: a publish comes back over the bidirectional stream', async () => {
    await stateIs('#echo-state', 'subscribed');
    await page.fill('#echo-input', `hello echo over ${transport}`);
    await page.click('#echo-form button');
    await listHas('#echo-list li', `#1 {"text":"hello echo over ${transport}"}`);
  });

  await step('logs (CentrifugoProxy contract): lines at info and above', async () => {
    await stateIs('#logs-state', 'subscribed');
    await page.waitForFunction(() => document.querySelectorAll('#log-list li').length >= 3, null, WAIT);
    const levels = await page.$$eval('#log-list li', (lis) => lis.map((li) => li.dataset.level));
    if (levels.some((l) => !['info', 'warn', 'error'].includes(l))) throw new Error(`levels ${levels}`);
  });

  await step('logs: level warn filters on the backend', async () => {
    await page.selectOption('#log-level', 'warn');
    await listHas('#events li', '"level":"warn","levels":["warn","error"]');
    await page.waitForFunction(() => document.querySelectorAll('#log-list li').length >= 2, null, WAIT);
    const levels = await page.$$eval('#log-list li', (lis) => lis.map((li) => li.dataset.level));
    if (levels.some((l) => !['warn', 'error'].includes(l))) throw new Error(`levels ${levels}`);
  });

  await step('logs: an unknown level shows the backend\'s error code 1002', async () => {
    await page.selectOption('#log-level', 'fatal');
    await page.waitForFunction(() => document.querySelector('#logs-state').textContent.includes('1002'), null, WAIT);
  });

  await step('connection stream: an empty name is refused with the backend\'s code 1003', async () => {
    await page.fill('#name', '');
    await page.click('#connect-button');
    await page.waitForFunction(() => {
      const status = document.querySelector('#status');
      return status.dataset.state === 'disconnected' && status.textContent.includes('1003');
    }, null, WAIT);
  });

  await step('no script errors on the page', async () => {
    if (pageErrors.length) throw new Error(pageErrors.join('; '));
  });

  if (transport !== 'websocket') {
    // Checked last, so a WebSocket opened late (say, by a retry) is caught too.
    await step('the page opened no WebSocket', async () => {
      if (webSockets.length) throw new Error(`WebSockets opened: ${webSockets.join(', ')}`);
    });
  }
}

await check('Chromium starts headless', async () => {
  browser = await chromium.launch({ executablePath, headless: true });
});

await check('[websocket] ?transport=websocket: the client connects over WebSocket without a token', async () => {
  await openPage('transport=websocket');
  await connectedOver('websocket');
  if (!webSockets.some((url) => url.endsWith('/connection/websocket'))) {
    throw new Error(`no WebSocket to the node seen, only ${JSON.stringify(webSockets)}`);
  }
});
await panelChecks('websocket');

// HTTP-streaming through the selector: the page starts on SSE and is switched, which reconnects.
await check('[http_stream] the selector switches a connected SSE client to HTTP-streaming', async () => {
  await openPage('transport=sse');
  await connectedOver('sse');
  await page.selectOption('#transport', 'http_stream');
  await connectedOver('http_stream');
  await expectEqual(new URL(page.url()).searchParams.get('transport'), 'http_stream', 'transport in the address');
});
await panelChecks('http_stream');

await check('[sse] ?transport=sse: the client connects over SSE', async () => {
  await openPage('transport=sse');
  await connectedOver('sse');
});
await panelChecks('sse');

await browser.close();
console.log('demo page: all checks passed');
