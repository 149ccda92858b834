// Drives the official centrifuge-js SDK (unchanged, from npm) against a running Sluice node and
// prints one JSON report of what the SDK observed; the JUnit side asserts on it.
// Env: SLUICE_WS, SLUICE_API, SLUICE_API_KEY, SLUICE_SECRET, SLUICE_PROTOCOL (json | protobuf),
// SLUICE_TRANSPORT (websocket | http_stream | sse, the fallbacks at the node's default paths).
import WebSocket from 'ws';
import { EventSource } from 'eventsource';
import { tokenFor } from './jwt.mjs';

const { SLUICE_WS: ws, SLUICE_API: api, SLUICE_API_KEY: apiKey, SLUICE_SECRET: secret } = process.env;
const protocol = process.env.SLUICE_PROTOCOL || 'json';
const transport = process.env.SLUICE_TRANSPORT || 'websocket';
const { Centrifuge } = protocol === 'protobuf' ? await import('centrifuge/build/protobuf') : await import('centrifuge');

const report = { protocol, transport };
// The Protobuf build hands payloads over as bytes; the JSON build as parsed JSON.
const encode = (value) => (protocol === 'protobuf' ? new TextEncoder().encode(JSON.stringify(value)) : value);
const decode = (data) => (protocol === 'protobuf' ? JSON.parse(new TextDecoder().decode(data)) : data);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const base = ws.replace(/^ws/, 'http').replace(/\/connection\/websocket.*$/, '');
const endpoint = transport === 'websocket' ? ws : [{ transport, endpoint: `${base}/connection/${transport}` }];
const transportOptions = transport === 'websocket' ? { websocket: WebSocket }
  : { eventsource: EventSource, emulationEndpoint: `${base}/emulation` };

function client(user, ttl = 60, extra = {}) {
  return new Centrifuge(endpoint, { ...transportOptions, token: tokenFor(secret, user, ttl), protocol, ...extra });
}

async function callApi(method, body) {
  const res = await fetch(`${api}/api/${method}`, {
    method: 'POST', headers: { 'X-API-Key': apiKey }, body: JSON.stringify(body),
  });
  return res.json();
}

/** Resolves with the first event args for which `pick` returns a value, or rejects after ms. */
function waitFor(emitter, event, pick = (ctx) => ctx, ms = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timeout waiting for ${event}`)), ms);
    const handler = (ctx) => {
      const value = pick(ctx);
      if (value !== undefined) {
        clearTimeout(timer);
        emitter.removeListener(event, handler);
        resolve(value);
      }
    };
    emitter.on(event, handler);
  });
}

async function step(name, fn) {
  try {
    report[name] = await fn();
  } catch (e) {
    report[name] = { error: String(e && e.message ? e.message : e) };
  }
}

const alice = client('alice');
const bob = client('bob');
const aliceSub = alice.newSubscription('chat:room', { joinLeave: true });
const bobSub = bob.newSubscription('chat:room', { joinLeave: true });
const received = [];
aliceSub.on('publication', (ctx) => received.push(ctx));

await step('connect', async () => {
  const connected = waitFor(alice, 'connected', (ctx) => ({ client: ctx.client, transport: ctx.transport }));
  alice.connect();
  return connected;
});

await step('subscribe', async () => {
  const subscribed = waitFor(aliceSub, 'subscribed', () => true);
  aliceSub.subscribe();
  return subscribed;
});

await step('serverPublications', async () => {
  for (let n = 0; n < 20; n++) {
    await callApi('publish', { channel: 'chat:room', data: { n } });
  }
  for (let i = 0; i < 100 && received.length < 20; i++) await sleep(50);
  return received.map((ctx) => decode(ctx.data).n);
});

await step('join', async () => {
  const joined = waitFor(aliceSub, 'join', (ctx) => ctx.info.user);
  bob.connect();
  bobSub.subscribe();
  await bobSub.ready(5000);
  return joined;
});

await step('clientPublish', async () => {
  const got = waitFor(aliceSub, 'publication', (ctx) => (decode(ctx.data).from === 'bob' ? { data: decode(ctx.data), user: ctx.info && ctx.info.user } : undefined));
  await bobSub.publish(encode({ from: 'bob' }));
  return got;
});

await step('presence', async () => {
  const presence = await aliceSub.presence();
  const stats = await aliceSub.presenceStats();
  return {
    users: Object.values(presence.clients).map((c) => c.user).sort(),
    numClients: stats.numClients,
    numUsers: stats.numUsers,
  };
});

await step('leave', async () => {
  const left = waitFor(aliceSub, 'leave', (ctx) => ctx.info.user);
  bobSub.unsubscribe();
  return left;
});

await step('refresh', async () => {
  let calls = 0;
  const carol = client('carol', 2, { getToken: async () => { calls++; return tokenFor(secret, 'carol', 60); } });
  const disconnects = [];
  // Code 0 is "connect called"; anything else would mean the node dropped the connection.
  carol.on('disconnected', (ctx) => disconnects.push(ctx.code));
  carol.on('connecting', (ctx) => ctx.code !== 0 && disconnects.push(ctx.code));
  carol.connect();
  await carol.ready(5000);
  await sleep(4500); // past the 2 s expiry plus the node's 1 s expired_close_delay
  const result = { getTokenCalls: calls, state: carol.state, interruptions: [...disconnects] };
  carol.disconnect();
  return result;
});

await step('expiredAtConnect', async () => {
  let calls = 0;
  const dave = client('dave', -10, { getToken: async () => { calls++; return tokenFor(secret, 'dave', 60); } });
  dave.connect();
  await dave.ready(5000);
  const result = { getTokenCalls: calls, state: dave.state };
  dave.disconnect();
  return result;
});

await step('serverUnsubscribe', async () => {
  const unsubscribed = waitFor(aliceSub, 'unsubscribed', (ctx) => ({ code: ctx.code, reason: ctx.reason }));
  await callApi('unsubscribe', { user: 'alice', channel: 'chat:room' });
  return unsubscribed;
});

await step('disconnectReconnect', async () => {
  const connecting = waitFor(bob, 'connecting', (ctx) => ctx.code);
  await callApi('disconnect', { user: 'bob', disconnect: { code: 4001, reason: 'come back' } });
  const code = await connecting;
  await waitFor(bob, 'connected', () => true, 10000);
  return { code, state: bob.state };
});

await step('disconnectTerminal', async () => {
  const disconnected = waitFor(alice, 'disconnected', (ctx) => ({ code: ctx.code, reason: ctx.reason }));
  await callApi('disconnect', { user: 'alice', disconnect: { code: 4501, reason: 'go away' } });
  const result = await disconnected;
  await sleep(300);
  return { ...result, state: alice.state };
});

bob.disconnect();
alice.disconnect();
console.log(JSON.stringify(report));
process.exit(0);
