// The demo page: one centrifuge-js client (JSON protocol, no token) and three subscriptions, each
// of which the Sluice node turns into its own gRPC stream to the demo backend. The client runs over
// the transport picked in the header (or ?transport=websocket|http_stream|sse); picking another one
// replaces the client and its subscriptions.
'use strict';

(() => {
  const { wsUrl, httpStreamUrl, sseUrl, emulationUrl } = window.SLUICE_DEMO;
  const Centrifuge = window.Centrifuge;
  const SYMBOLS = ['ACME', 'GLOBEX', 'INITECH', 'UMBRELLA', 'HOOLI'];
  const UNKNOWN_SYMBOL = 'NOPE'; // offered so that the backend's filter error can be seen
  const MAX_ITEMS = 50;

  const $ = (id) => document.getElementById(id);
  const now = () => new Date().toLocaleTimeString();

  // Unique channel names per page: a proxy stream is a private link, not a shared topic.
  const tab = Math.random().toString(36).slice(2, 8);
  const params = new URLSearchParams(location.search);
  $('name').value = params.get('name') ?? 'Ada';

  const ENDPOINTS = { websocket: wsUrl, http_stream: httpStreamUrl, sse: sseUrl };
  const requested = params.get('transport');
  $('transport').value = Object.hasOwn(ENDPOINTS, requested) ? requested : 'websocket';

  function event(text) {
    prepend($('events'), `${now()}  ${text}`);
  }

  function prepend(list, text, className) {
    const li = document.createElement('li');
    li.textContent = text;
    if (className) li.className = className;
    list.prepend(li);
    while (list.children.length > MAX_ITEMS) list.lastChild.remove();
    return li;
  }

  function showState(el, state, code, reason) {
    el.dataset.state = state;
    el.textContent = code ? `${state} (${code}: ${reason})` : state;
  }

  function describeError(error) {
    return `${error.code}: ${error.message}`;
  }

  // ---- helpers for the subscriptions ----

  /** Mirrors a subscription's state into a badge and the event log; the backend reports who we are. */
  function track(sub, stateEl, label) {
    sub.on('subscribing', (ctx) => {
      showState(stateEl, 'subscribing', ctx.code, ctx.reason);
      event(`${label} subscribing (${ctx.code}: ${ctx.reason})`);
    });
    sub.on('subscribed', (ctx) => {
      showState(stateEl, 'subscribed');
      // The node tells every stream which user it serves; that user came from the connection stream.
      if (ctx.data?.user) $('user').textContent = ctx.data.user;
      event(`${label} subscribed: ${JSON.stringify(ctx.data ?? {})}`);
    });
    sub.on('unsubscribed', (ctx) => {
      showState(stateEl, 'unsubscribed', ctx.code, ctx.reason);
      event(`${label} unsubscribed (${ctx.code}: ${ctx.reason})`);
    });
    sub.on('error', (ctx) => event(`${label} error (${ctx.type}) ${describeError(ctx.error)}`));
  }

  /** New subscribe data only applies to the next subscribe, so subscribe again. */
  function resubscribe(sub, data) {
    sub.setData(data);
    sub.unsubscribe();
    sub.subscribe();
  }

  const picked = () => [...document.querySelectorAll('#ticker-symbols input:checked')].map((i) => i.value);
  for (const symbol of [...SYMBOLS, UNKNOWN_SYMBOL]) {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = symbol;
    box.id = `symbol-${symbol}`;
    box.checked = symbol === 'ACME' || symbol === 'GLOBEX';
    label.append(box, ` ${symbol}${symbol === UNKNOWN_SYMBOL ? ' (unknown)' : ''}`);
    $('ticker-symbols').append(label);
  }

  // The current client and its subscriptions; the controls below always act on these.
  let client = null;
  let ticker = null;
  let echo = null;
  let logs = null;

  /** Empties what the previous client showed, so every panel is filled by the new transport alone. */
  function clearPanels() {
    showState($('status'), 'disconnected');
    for (const id of ['ticker-state', 'echo-state', 'logs-state']) showState($(id), 'unsubscribed');
    for (const id of ['transport-in-use', 'user', 'greeting']) $(id).textContent = '-';
    for (const id of ['message-list', 'echo-list', 'log-list', 'ticker-rows']) $(id).replaceChildren();
    $('ticker-count').textContent = '0';
  }

  /** A new client over that one transport (no fallback to another), with the three subscriptions. */
  function start(transport) {
    if (client) {
      // The old client's late events must not reach the panels the new one fills.
      for (const sub of [ticker, echo, logs]) sub.removeAllListeners();
      client.removeAllListeners();
      client.disconnect();
    }
    clearPanels();
    event(`starting a client over ${transport}`);

    // ---- connection: the name goes in the connect data; the backend's connection stream decides the user ----

    // The emulation endpoint is absolute: the page comes from another origin than the node.
    client = new Centrifuge([{ transport, endpoint: ENDPOINTS[transport] }],
      { data: { name: $('name').value }, emulationEndpoint: emulationUrl });

    client.on('connecting', (ctx) => {
      showState($('status'), 'connecting', ctx.code, ctx.reason);
      event(`client connecting (${ctx.code}: ${ctx.reason})`);
    });
    client.on('connected', (ctx) => {
      showState($('status'), 'connected');
      $('transport-in-use').textContent = ctx.transport;
      $('greeting').textContent = ctx.data?.greeting ?? '-';
      event(`client connected, id ${ctx.client}, over ${ctx.transport}`);
    });
    client.on('disconnected', (ctx) => {
      showState($('status'), 'disconnected', ctx.code, ctx.reason);
      for (const id of ['transport-in-use', 'greeting', 'user']) $(id).textContent = '-';
      event(`client disconnected (${ctx.code}: ${ctx.reason})`);
    });
    client.on('error', (ctx) => event(`client error (${ctx.type}) ${describeError(ctx.error)}`));
    // Pushes that the backend sends down the connection stream.
    client.on('message', (ctx) => {
      const m = ctx.data;
      const text = m.type === 'welcome' ? m.text
        : m.type === 'reply' ? `reply #${m.n}: ${JSON.stringify(m.reply)}` : JSON.stringify(m);
      prepend($('message-list'), text);
    });

    // ---- ticker: the symbol filter travels as subscribe data, the backend only streams those ----

    ticker = client.newSubscription(`ticker:${tab}`, { data: { symbols: picked() } });
    track(ticker, $('ticker-state'), 'ticker');
    const lastPrice = new Map();
    let tickerCount = 0;
    ticker.on('subscribed', () => {
      $('ticker-rows').replaceChildren();
      lastPrice.clear();
      tickerCount = 0;
      $('ticker-count').textContent = '0';
    });
    ticker.on('publication', (ctx) => {
      const { symbol, price, seq } = ctx.data;
      let row = document.querySelector(`#ticker-rows tr[data-symbol="${symbol}"]`);
      if (!row) {
        row = document.createElement('tr');
        row.dataset.symbol = symbol;
        row.innerHTML = '<td class="symbol"></td><td class="price"></td><td class="seq"></td>';
        row.querySelector('.symbol').textContent = symbol;
        $('ticker-rows').append(row);
      }
      const previous = lastPrice.get(symbol);
      const cell = row.querySelector('.price');
      cell.textContent = price.toFixed(2);
      cell.className = `price ${previous === undefined || price === previous ? '' : price > previous ? 'up' : 'down'}`;
      row.querySelector('.seq').textContent = seq;
      lastPrice.set(symbol, price);
      $('ticker-count').textContent = String(++tickerCount);
    });

    // ---- echo: a bidirectional stream, our publishes go to the backend and come back ----

    echo = client.newSubscription(`echo:${tab}`);
    track(echo, $('echo-state'), 'echo');
    echo.on('publication', (ctx) => {
      const { echo: data, n, at } = ctx.data;
      prepend($('echo-list'), `#${n} ${JSON.stringify(data)}  (${new Date(at).toLocaleTimeString()})`);
    });

    // ---- logs: served over Centrifugo's own CentrifugoProxy contract, filtered on the backend ----

    logs = client.newSubscription(`logs:${tab}`, { data: { level: $('log-level').value } });
    track(logs, $('logs-state'), 'logs');
    logs.on('subscribed', () => $('log-list').replaceChildren());
    logs.on('publication', (ctx) => {
      const { time, level, service, message } = ctx.data;
      const li = prepend($('log-list'), `${time} ${level.toUpperCase().padEnd(5)} ${service}: ${message}`,
        `level-${level}`);
      li.dataset.level = level;
    });

    ticker.subscribe();
    echo.subscribe();
    logs.subscribe();
    client.connect();
  }

  // ---- controls ----

  $('transport').addEventListener('change', () => {
    const transport = $('transport').value;
    // Kept in the address, so a reload stays on this transport.
    params.set('transport', transport);
    history.replaceState(null, '', `?${params}`);
    start(transport);
  });

  $('connect-form').addEventListener('submit', (e) => {
    e.preventDefault();
    // The data applies to the next connection attempt: reconnect to be someone else.
    client.setData({ name: $('name').value });
    client.disconnect();
    client.connect();
  });

  $('send-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('send-input').value;
    client.send({ text }).then(
      () => { $('send-input').value = ''; },
      (err) => event(`send failed ${describeError(err)}`));
  });

  $('ticker-symbols').addEventListener('change', () => resubscribe(ticker, { symbols: picked() }));

  $('echo-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('echo-input').value;
    echo.publish({ text }).then(
      () => { $('echo-input').value = ''; },
      (err) => event(`echo publish failed ${describeError(err)}`));
  });

  $('log-level').addEventListener('change', () => resubscribe(logs, { level: $('log-level').value }));

  start($('transport').value);
})();
