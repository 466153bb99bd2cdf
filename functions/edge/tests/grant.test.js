'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { signGrant, openGrant, checkGrant, uuidV7Millis, isProtected } = require('../lib/grant');
const { VECTOR, zoneDocument } = require('./fixtures');

const KEY = VECTOR.key;
const NOW = 1893455000;
const zone = (extra = {}) => zoneDocument({ id: '7', grantKey: KEY, ...extra });
const grant = (over = {}) => signGrant({ z: '7', p: '/private/a.pdf', e: NOW + 60, g: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c', ...over }, KEY);

test('the fixed vector: same token as the Java GrantTokens and as openssl by hand', () => {
  const [encoded, sig] = VECTOR.token.split('.');
  assert.equal(Buffer.from(encoded, 'base64url').toString('utf8'), VECTOR.json);
  assert.equal(Buffer.from(sig, 'base64url').toString('hex'), VECTOR.hmacHex);
  const byHand = crypto.createHmac('sha256', Buffer.from(VECTOR.key, 'base64url')).update(encoded).digest('hex');
  assert.equal(byHand, VECTOR.hmacHex);
  assert.equal(signGrant(VECTOR.payload, KEY), VECTOR.token);
  assert.deepEqual(openGrant(VECTOR.token, KEY), VECTOR.payload);
});

test('a valid grant passes; one is valid up to and including its expiry second, then 410', () => {
  assert.deepEqual(checkGrant({ token: grant(), zone: zone(), path: '/private/a.pdf', nowSeconds: NOW }).grant.p, '/private/a.pdf');
  assert.ok(checkGrant({ token: grant(), zone: zone(), path: '/private/a.pdf', nowSeconds: NOW + 60 }).grant);
  assert.deepEqual(checkGrant({ token: grant(), zone: zone(), path: '/private/a.pdf', nowSeconds: NOW + 61 }), { status: 410 });
});

test('invalid grants are 403: missing, malformed, tampered, another key, another zone, another path', () => {
  const check = (token, path = '/private/a.pdf', z = zone()) => checkGrant({ token, zone: z, path, nowSeconds: NOW }).status;
  assert.equal(check(undefined), 403);
  assert.equal(check(''), 403);
  assert.equal(check('not-a-token'), 403);
  const [encoded, sig] = grant().split('.');
  const forged = Buffer.from(JSON.stringify({ z: '7', p: '/', e: NOW + 9999, g: 'x' })).toString('base64url');
  assert.equal(check(`${forged}.${sig}`), 403, 'payload changed, signature kept');
  const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11);
  assert.equal(check(`${encoded}.${flipped}`), 403, 'one signature character changed');
  assert.equal(check(`${encoded}.${sig}x`), 403, 'signature of the wrong length');
  const otherKey = crypto.randomBytes(32).toString('base64url');
  assert.equal(check(signGrant({ z: '7', p: '/private/a.pdf', e: NOW + 60, g: 'g1' }, otherKey)), 403);
  assert.equal(check(grant({ z: '8' })), 403, "another zone's grant");
  assert.equal(check(grant(), '/private/b.pdf'), 403, 'another path');
  assert.equal(check(grant({ p: '/private/' }), '/private/b.pdf'), undefined, 'a path ending in / is a prefix');
  assert.equal(check(grant({ p: '/private/' }), '/public/b.pdf'), 403);
  assert.equal(check(grant({ p: '/private' }), '/private/b.pdf'), 403, 'without the slash it is one exact path');
  assert.equal(check(grant({ e: NOW - 1000 }), '/private/b.pdf'), 403, 'an expired grant for another path is 403, not 410');
});

test('a payload that is not the contract shape is refused even when signed', () => {
  const sign = (payload) => {
    const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${encoded}.${crypto.createHmac('sha256', Buffer.from(KEY, 'base64url')).update(encoded).digest('base64url')}`;
  };
  assert.ok(openGrant(sign({ z: '7', p: '/a', e: 1, g: 'g' }), KEY));
  for (const bad of [[1], { z: 7, p: '/a', e: 1, g: 'g' }, { z: '7', p: 'a', e: 1, g: 'g' }, { z: '7', p: '/a', e: '1', g: 'g' }, { z: '7', p: '/a', e: 1.5, g: 'g' }, { z: '7', p: '/a', e: 1, g: '' }, { z: '7', p: '/a', e: 1, g: 'g', d: 2 }]) {
    assert.equal(openGrant(sign(bad), KEY), null, JSON.stringify(bad));
  }
});

test('revoked grants and grants issued before grantsNotBefore are 403', () => {
  const z = zone({ revokedGrants: ['0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c'] });
  assert.equal(checkGrant({ token: grant(), zone: z, path: '/private/a.pdf', nowSeconds: NOW }).status, 403);
  assert.ok(checkGrant({ token: grant({ g: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5d' }), zone: z, path: '/private/a.pdf', nowSeconds: NOW }).grant);
  const issuedMs = uuidV7Millis('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c');
  assert.equal(issuedMs, 0x0190a1b2c3d4);
  const after = zone({ grantsNotBefore: Math.floor(issuedMs / 1000) + 1 });
  assert.equal(checkGrant({ token: grant(), zone: after, path: '/private/a.pdf', nowSeconds: NOW }).status, 403);
  const before = zone({ grantsNotBefore: Math.floor(issuedMs / 1000) });
  assert.ok(checkGrant({ token: grant(), zone: before, path: '/private/a.pdf', nowSeconds: NOW }).grant);
  assert.equal(checkGrant({ token: grant({ g: 'not-a-uuid' }), zone: before, path: '/private/a.pdf', nowSeconds: NOW }).status, 403, 'no issue time: refused once grantsNotBefore is set');
});

test('fail closed: a zone without a usable grantKey accepts no grant', () => {
  for (const grantKey of [undefined, null, '', 'short', `${KEY}=`]) {
    assert.equal(checkGrant({ token: grant(), zone: zone({ grantKey }), path: '/private/a.pdf', nowSeconds: NOW }).status, 403, String(grantKey));
  }
});

test('protectedPaths are prefixes of the viewer path', () => {
  assert.equal(isProtected(zone({ protectedPaths: ['/private/'] }), '/private/a.pdf'), true);
  assert.equal(isProtected(zone({ protectedPaths: ['/private/'] }), '/public/a.pdf'), false);
  assert.equal(isProtected(zone({ protectedPaths: [''] }), '/a'), false, 'an empty prefix protects nothing');
  assert.equal(isProtected(zone(), '/a'), false);
});
