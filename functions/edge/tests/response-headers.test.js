'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { contentTypeFor, defaultTtlFor, cacheHeaders, splitZoneUri } = require('../lib/response-headers');
const { createOriginResponseHandler } = require('../origin-response');
const { fakeStore, readerFor, originResponseEvent, zoneDocument } = require('./fixtures');

const NOW = Date.parse('2026-11-26T12:00:00Z');
const HOUR = 3600;

test("Content-Type by extension follows ResCDN's table", () => {
  assert.equal(contentTypeFor('/a/reset.css'), 'text/css');
  assert.equal(contentTypeFor('/app.js'), 'application/javascript');
  assert.equal(contentTypeFor('/f.woff2'), 'font/woff2');
  assert.equal(contentTypeFor('/f.WOFF'), 'font/woff');
  assert.equal(contentTypeFor('/i.png'), 'image/png');
  assert.equal(contentTypeFor('/i.svg'), 'image/svg+xml');
  assert.equal(contentTypeFor('/notes.txt'), undefined);
  assert.equal(contentTypeFor('/'), undefined);
});

test('default TTLs: CSS/JS 24 h, fonts 7 d, images 24 h, nothing for other types', () => {
  assert.equal(defaultTtlFor('text/css; charset=utf-8'), 24 * HOUR);
  assert.equal(defaultTtlFor('application/javascript'), 24 * HOUR);
  assert.equal(defaultTtlFor('font/woff2'), 7 * 24 * HOUR);
  assert.equal(defaultTtlFor('image/jpeg'), 24 * HOUR);
  assert.equal(defaultTtlFor('application/pdf'), undefined);
});

test('expire: -1 no-cache, >0 max-age in seconds, 0 keeps the origin, only for the listed statuses', () => {
  const base = { status: '200', contentType: 'application/pdf', nowMs: NOW };
  assert.deepEqual(cacheHeaders({ ...base, expire: '-1' }), { 'Cache-Control': 'no-cache', Expires: 'Thu, 26 Nov 2026 11:59:59 GMT' });
  assert.deepEqual(cacheHeaders({ ...base, expire: '90', originCacheControl: 'max-age=5' }), { 'Cache-Control': 'max-age=5400', Expires: 'Thu, 26 Nov 2026 13:30:00 GMT' });
  assert.deepEqual(cacheHeaders({ ...base, expire: '0', originCacheControl: 'max-age=5' }), {});
  assert.deepEqual(cacheHeaders({ ...base, expire: '0' }), {}, 'no default TTL for this type');
  for (const status of ['304', '307', '206']) assert.deepEqual(cacheHeaders({ ...base, status, expire: '1' })['Cache-Control'], 'max-age=60');
  for (const status of ['404', '403', '500']) assert.deepEqual(cacheHeaders({ ...base, status, expire: '-1' }), {});
});

test('with expire 0 and nothing from the origin, the default TTL for the type applies', () => {
  const base = { status: '200', expire: '0', nowMs: NOW };
  assert.deepEqual(cacheHeaders({ ...base, contentType: 'font/woff' }), { 'Cache-Control': `max-age=${7 * 24 * HOUR}` });
  assert.deepEqual(cacheHeaders({ ...base, contentType: 'image/png', originExpires: 'Thu, 26 Nov 2026 13:00:00 GMT' }), {});
  assert.deepEqual(cacheHeaders({ ...base, expire: undefined, contentType: 'text/css' }), { 'Cache-Control': `max-age=${24 * HOUR}` });
});

test('a rewritten URI gives back the zone id and the viewer path', () => {
  assert.deepEqual(splitZoneUri('/7/css/a.css'), { zoneId: '7', viewerPath: '/css/a.css' });
  assert.deepEqual(splitZoneUri('/7'), { zoneId: '7', viewerPath: '/' });
  assert.equal(splitZoneUri(''), null);
});

function handlerFor(zone) {
  const store = fakeStore(zone ? [zone] : []);
  return { store, handle: createOriginResponseHandler({ reader: readerFor(store), now: () => NOW }) };
}
const valueOf = (response, name) => response.headers[name] && response.headers[name][0].value;

test('origin-response: cors, forcedownload, canonical, type and TTL together', async () => {
  const zone = zoneDocument({ id: '7', originUrl: 'https://www.example.com/', settings: { cors: 'enabled', forcedownload: 'enabled', cachecanonical: 'enabled', expire: '0' } });
  const response = await handlerFor(zone).handle(originResponseEvent({ uri: '/7/css/style.css' }));
  assert.equal(valueOf(response, 'access-control-allow-origin'), '*');
  assert.equal(valueOf(response, 'content-disposition'), 'attachment');
  assert.equal(valueOf(response, 'link'), '<https://www.example.com/css/style.css>; rel="canonical"');
  assert.equal(valueOf(response, 'content-type'), 'text/css');
  assert.equal(valueOf(response, 'cache-control'), 'max-age=86400');
  assert.equal(response.headers['content-type'][0].key, 'Content-Type');
});

test("origin-response keeps the origin's own Content-Type and Cache-Control, and adds nothing a zone did not ask for", async () => {
  const zone = zoneDocument({ id: '7', settings: { cors: 'disabled', cachecanonical: 'enabled' } });
  const response = await handlerFor(zone).handle(originResponseEvent({ uri: '/7/a.png', headers: { 'Content-Type': 'image/webp', 'Cache-Control': 'max-age=60' } }));
  assert.equal(valueOf(response, 'content-type'), 'image/webp');
  assert.equal(valueOf(response, 'cache-control'), 'max-age=60');
  assert.equal(response.headers['access-control-allow-origin'], undefined);
  assert.equal(response.headers['content-disposition'], undefined);
  assert.equal(response.headers.link, undefined, 'a push zone has no origin URL to name');
});

test('origin-response with expire -1 and >0 rewrites the caching headers', async () => {
  const noCache = await handlerFor(zoneDocument({ id: '7', settings: { expire: '-1' } })).handle(originResponseEvent({ uri: '/7/a.js', headers: { 'Cache-Control': 'max-age=600' } }));
  assert.equal(valueOf(noCache, 'cache-control'), 'no-cache');
  const hour = await handlerFor(zoneDocument({ id: '7', settings: { expire: '60' } })).handle(originResponseEvent({ uri: '/7/a.js' }));
  assert.equal(valueOf(hour, 'cache-control'), 'max-age=3600');
  assert.equal(valueOf(hour, 'expires'), 'Thu, 26 Nov 2026 13:00:00 GMT');
});

test('origin-response without the zone config passes the response but stops it being cached', async () => {
  const { store, handle } = handlerFor(zoneDocument({ id: '7', settings: { cors: 'enabled' } }));
  store.failing = true;
  const response = await handle(originResponseEvent({ uri: '/7/a.css', headers: { 'Cache-Control': 'max-age=600' } }));
  assert.equal(response.status, '200');
  assert.equal(valueOf(response, 'cache-control'), 'no-store');
  const gone = await handlerFor(null).handle(originResponseEvent({ uri: '/9/a.css' }));
  assert.equal(valueOf(gone, 'cache-control'), 'no-store');
});
