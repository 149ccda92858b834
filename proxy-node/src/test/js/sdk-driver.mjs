// Drives the official centrifuge-js SDK (unchanged, from npm) on behalf of a JUnit test, which runs
// the backend side at the same time. Commands arrive on stdin, one JSON object a line; everything the
// SDK reports comes back on stdout, one JSON event a line. Payloads travel as JSON text both ways:
// the JSON build takes and gives parsed values, the Protobuf build bytes.
// Env: SLUICE_PROTOCOL (json | protobuf), SLUICE_TRANSPORT (websocket | http_stream | sse; the
// fallbacks are reached at the node's default paths, derived from the client's WebSocket url).
//
// Commands: {op: 'client', client, url, token?, data?, headers?}, {op: 'connect' | 'disconnect', client},
// {op: 'subscribe', client, channel, data?}, {op: 'unsubscribe', client, channel},
// {op: 'publish', client, channel, data}, {op: 'send', client, data}.
// Events: {client, type, channel?, code?, text?, data?}.
import WebSocket from 'ws';
import { EventSource } from 'eventsource';
import { createInterface } from 'node:readline';

const protocol = process.env.SLUICE_PROTOCOL || 'json';
const transport = process.env.SLUICE_TRANSPORT || 'websocket';
const { Centrifuge } = protocol === 'protobuf' ? await import('centrifuge/build/protobuf') : await import('centrifuge');

const toSdk = (text) => (protocol === 'protobuf' ? new TextEncoder().encode(text) : JSON.parse(text));
function fromSdk(data) {
  if (data === undefined || data === null) return null;
  return protocol === 'protobuf' ? new TextDecoder().decode(data) : JSON.stringify(data);
}

const clients = new Map();

function emit(client, type, fields = {}) {
  process.stdout.write(`${JSON.stringify({ client, type, ...fields })}\n`);
}

/** The `websocket` option: ws itself, or ws sending extra headers with the upgrade request. */
function websocketWith(headers) {
  if (!headers) return WebSocket;
  return class extends WebSocket {
    constructor(url, protocols) {
      super(url, protocols, { headers });
    }
  };
}

/**
 * Where and how the SDK connects: the WebSocket url itself, or a fallback at the same node with the
 * headers sent in the connect command (the SDK's `headers` option), as a browser's EventSource or
 * cross-origin fetch cannot send custom headers.
 */
function endpoints(url, headers) {
  if (transport === 'websocket') return { endpoint: url, options: { websocket: websocketWith(headers) } };
  const base = url.replace(/^ws/, 'http').replace(/\/connection\/websocket.*$/, '');
  return {
    endpoint: [{ transport, endpoint: `${base}/connection/${transport}` }],
    options: { eventsource: EventSource, emulationEndpoint: `${base}/emulation`, headers: headers || {} },
  };
}

function newClient({ client: id, url, token, data, headers }) {
  const { endpoint, options: transportOptions } = endpoints(url, headers);
  const options = { ...transportOptions, protocol };
  if (token) options.token = token;
  if (data !== undefined && data !== null) options.data = toSdk(data);
  const c = new Centrifuge(endpoint, options);
  c.on('connected', (ctx) => emit(id, 'connected', { text: ctx.client, data: fromSdk(ctx.data) }));
  c.on('connecting', (ctx) => emit(id, 'connecting', { code: ctx.code, text: ctx.reason }));
  c.on('disconnected', (ctx) => emit(id, 'disconnected', { code: ctx.code, text: ctx.reason }));
  c.on('message', (ctx) => emit(id, 'message', { data: fromSdk(ctx.data) }));
  c.on('error', (ctx) => emit(id, 'client-error', { text: `${ctx.type}: ${ctx.error && ctx.error.message}` }));
  clients.set(id, c);
}

function subscription(c, id, channel, data) {
  const existing = c.getSubscription(channel);
  if (existing) return existing;
  const options = {};
  if (data !== undefined && data !== null) options.data = toSdk(data);
  const sub = c.newSubscription(channel, options);
  sub.on('subscribing', (ctx) => emit(id, 'subscribing', { channel, code: ctx.code, text: ctx.reason }));
  sub.on('subscribed', (ctx) => emit(id, 'subscribed', { channel, data: fromSdk(ctx.data) }));
  sub.on('unsubscribed', (ctx) => emit(id, 'unsubscribed', { channel, code: ctx.code, text: ctx.reason }));
  sub.on('error', (ctx) => emit(id, 'error', { channel, code: ctx.error.code, text: ctx.error.message }));
  sub.on('publication', (ctx) => emit(id, 'publication', { channel, data: fromSdk(ctx.data) }));
  return sub;
}

/** Reports a call's outcome as one event: code 0 for success, else the SDK's error code. */
function outcome(id, type, channel, promise) {
  promise.then(
    () => emit(id, type, { channel, code: 0 }),
    (err) => emit(id, type, { channel, code: err.code, text: err.message }),
  );
}

function run(cmd) {
  if (cmd.op === 'client') {
    newClient(cmd);
    return;
  }
  const c = clients.get(cmd.client);
  const id = cmd.client;
  switch (cmd.op) {
    case 'connect': c.connect(); break;
    case 'disconnect': c.disconnect(); break;
    case 'subscribe': subscription(c, id, cmd.channel, cmd.data).subscribe(); break;
    case 'unsubscribe': c.getSubscription(cmd.channel).unsubscribe(); break;
    case 'publish': outcome(id, 'published', cmd.channel, c.getSubscription(cmd.channel).publish(toSdk(cmd.data))); break;
    case 'send': outcome(id, 'sent', undefined, c.send(toSdk(cmd.data))); break;
    default: throw new Error(`unknown op ${cmd.op}`);
  }
}

createInterface({ input: process.stdin }).on('line', (line) => {
  try {
    run(JSON.parse(line));
  } catch (e) {
    emit(null, 'driver-error', { text: `${line}: ${e && e.stack ? e.stack : e}` });
  }
}).on('close', () => {
  clients.forEach((c) => c.disconnect());
  process.exit(0);
});
emit(null, 'ready');
