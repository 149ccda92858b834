// Mints HS256 connection tokens the way an application backend would.
import { createHmac } from 'node:crypto';

const b64url = (text) => Buffer.from(text).toString('base64url');

export function hs256(secret, claims) {
  const input = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

export function tokenFor(secret, user, ttlSeconds) {
  return hs256(secret, { sub: user, exp: Math.floor(Date.now() / 1000) + ttlSeconds });
}
