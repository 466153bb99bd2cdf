'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { keycdnToken, checkSecureToken } = require('../lib/secure-token');

// Vectors worked out from KeyCDN's algorithm (https://www.keycdn.com/support/secure-token):
//   token = md5(path + secret + expire) -> base64 -> '+' to '-', '/' to '_' -> drop '='.
// The md5 digests were taken with `printf '%s' INPUT | openssl md5`, not with Node.
//
// Vector A: path /path/to/file1.jpg, secret securetokenkey, expire 1893456000 (2030-01-01T00:00:00Z)
//   input  "/path/to/file1.jpgsecuretokenkey1893456000"
//   md5    ab e5 a0 a6 a1 5b f6 5e c0 9c 34 80 c3 02 a0 a3
//   base64 first 3 bytes ab e5 a0 = 10101011 11100101 10100000
//          -> 101010 111110 010110 100000 = 42 62 22 32 = "q" "+" "W" "g"
//          last byte a3 = 10100011 -> 101000 11(0000) = 40 48 = "o" "w", then "=="
//          whole: q+WgpqFb9l7AnDSAwwKgow==
//   url    "+" -> "-", padding dropped: q-WgpqFb9l7AnDSAwwKgow
const A = { path: '/path/to/file1.jpg', secret: 'securetokenkey', expire: '1893456000', token: 'q-WgpqFb9l7AnDSAwwKgow' };
// Vector B: same path and secret, expire 1893456005
//   md5    0d 09 93 2b fe cb 07 c2 27 34 a9 55 13 1d 31 52
//   bytes 4-6 2b fe cb = 00101011 11111110 11001011 -> 001010 111111 111011 001011 = 10 63 59 11 = "K" "/" "7" "L"
//   base64 DQmTK/7LB8InNKlVEx0xUg== -> url: DQmTK_7LB8InNKlVEx0xUg
const B = { path: '/path/to/file1.jpg', secret: 'securetokenkey', expire: '1893456005', token: 'DQmTK_7LB8InNKlVEx0xUg' };
// Vector C (securetokenip): the client IP follows expire: input "/path/to/file1.jpgsecuretokenkey1893456000203.0.113.7"
//   md5    19 7d aa 72 4d be 5a b5 3f f0 1b e8 b8 be f3 05
//   base64 GX2qck2+WrU/8BvouL7zBQ== -> url: GX2qck2-WrU_8BvouL7zBQ
const C = { ...A, ip: '203.0.113.7', token: 'GX2qck2-WrU_8BvouL7zBQ' };

const independent = (input) => crypto.createHash('md5').update(input).digest('base64')
  .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

test('hand-worked vectors match keycdnToken and an independent computation', () => {
  for (const v of [A, B, C]) {
    assert.equal(keycdnToken(v.path, v.secret, v.expire, v.ip), v.token);
    assert.equal(independent(v.path + v.secret + v.expire + (v.ip || '')), v.token);
  }
  assert.equal(crypto.createHash('md5').update('/path/to/file1.jpgsecuretokenkey1893456000').digest('hex'), 'abe5a0a6a15bf65ec09c3480c302a0a3');
});

const before2030 = Date.parse('2029-12-31T23:00:00Z') / 1000;
const check = (over) => checkSecureToken({ path: A.path, token: A.token, expire: A.expire, secret: A.secret, nowSeconds: before2030, ...over });

test('a valid token before its expire passes, up to and including the expire second', () => {
  assert.equal(check({}), null);
  assert.equal(check({ nowSeconds: 1893456000 }), null);
});

test('an expired genuine token is 410', () => {
  assert.equal(check({ nowSeconds: 1893456001 }), 410);
});

test('a wrong, missing or malformed token is 403, expired or not', () => {
  assert.equal(check({ token: B.token }), 403);
  assert.equal(check({ token: 'q-WgpqFb9l7AnDSAwwKgoW' }), 403);
  assert.equal(check({ token: undefined }), 403);
  assert.equal(check({ token: `${A.token}==` }), 403);
  assert.equal(check({ token: B.token, nowSeconds: 1893456999 }), 403);
  assert.equal(check({ path: '/path/to/file2.jpg' }), 403);
});

test('expire that is missing, not a number or altered is 403', () => {
  assert.equal(check({ expire: undefined }), 403);
  assert.equal(check({ expire: '18934560x0' }), 403);
  assert.equal(check({ expire: '1893456999' }), 403);
});

test('a zone with secure token on but no key refuses everything', () => {
  assert.equal(check({ secret: undefined }), 403);
  assert.equal(check({ secret: '' }), 403);
});

test('securetokenip binds the token to the client address', () => {
  const ipCheck = (over) => check({ token: C.token, bindIp: true, ip: C.ip, ...over });
  assert.equal(ipCheck({}), null);
  assert.equal(ipCheck({ ip: '198.51.100.9' }), 403);
  assert.equal(ipCheck({ ip: undefined }), 403);
  assert.equal(check({ bindIp: true, ip: C.ip }), 403, 'a token made without the IP is refused');
  assert.equal(ipCheck({ nowSeconds: 1893456001 }), 410);
});
