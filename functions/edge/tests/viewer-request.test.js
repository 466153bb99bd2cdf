'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { createViewerRequestHandler } = require('../viewer-request');
const { fakeStore, readerFor, viewerRequestEvent, zoneDocument } = require('./fixtures');

const NOW = Date.parse('2029-12-31T23:00:00Z');
const TOKEN = { uri: '/path/to/file1.jpg', querystring: 'token=q-WgpqFb9l7AnDSAwwKgow&expire=1893456000' }; // tests/secure-token.test.js, vector A

function handlerWith(zones, { now = NOW } = {}) {
  const store = fakeStore(zones);
  return { store, handle: createViewerRequestHandler({ reader: readerFor(store), now: () => now }) };
}

const zone = (settings = {}, extra = {}) => zoneDocument({ id: '7', hostname: 'pics-1a.nimbus.test', aliases: ['cdn.example.com'], settings, ...extra });

test('a request for a zone host is forwarded under /{zoneId}, aliases and Host ports included', async () => {
  const { handle } = handlerWith([zone()]);
  const forwarded = await handle(viewerRequestEvent({ host: 'pics-1a.nimbus.test', uri: '/img/a.png', querystring: 'w=4' }));
  assert.equal(forwarded.uri, '/7/img/a.png');
  assert.equal(forwarded.querystring, 'w=4');
  assert.equal(forwarded.headers.host[0].value, 'pics-1a.nimbus.test');
  assert.equal((await handle(viewerRequestEvent({ host: 'CDN.Example.com:443', uri: '/a.png' }))).uri, '/7/a.png');
});

test('an unknown host is 404', async () => {
  const { handle } = handlerWith([zone()]);
  const response = await handle(viewerRequestEvent({ host: 'nobody.nimbus.test' }));
  assert.equal(response.status, '404');
  assert.equal((await handle(viewerRequestEvent({ host: '' }))).status, '404');
});

test('a test-mode zone is never served, nor an inactive one', async () => {
  const { handle } = handlerWith([zone({}, { testMode: true }), zoneDocument({ id: '8', hostname: 'off.nimbus.test', settings: { status: 'inactive' } })]);
  assert.equal((await handle(viewerRequestEvent({ host: 'pics-1a.nimbus.test' }))).status, '404');
  assert.equal((await handle(viewerRequestEvent({ host: 'off.nimbus.test' }))).status, '404');
});

test('fail closed: unreadable config is 503, a missing one 404; a protected zone is never forwarded', async () => {
  const { store, handle } = handlerWith([zone({ securetoken: 'enabled', securetokenkey: 'securetokenkey' })]);
  store.failing = true;
  const response = await handle(viewerRequestEvent({ host: 'pics-1a.nimbus.test', ...TOKEN }));
  assert.equal(response.status, '503');
  assert.equal(response.uri, undefined);
  const corrupt = fakeStore();
  corrupt.documents.set('hosts/pics-1a.nimbus.test.json', '{"zone":');
  const corruptHandle = createViewerRequestHandler({ reader: readerFor(corrupt), now: () => NOW });
  assert.equal((await corruptHandle(viewerRequestEvent())).status, '503');
  const empty = createViewerRequestHandler({ reader: readerFor(fakeStore()), now: () => NOW });
  assert.equal((await empty(viewerRequestEvent())).status, '404');
});

test('forcessl is not viewer-request\'s: a CloudFront-Forwarded-Proto the viewer sent is ignored', async () => {
  const { handle } = handlerWith([zone({ forcessl: 'enabled' })]);
  const forwarded = await handle(viewerRequestEvent({ host: 'pics-1a.nimbus.test:8080', uri: '/a b.png', querystring: 'x=1', headers: { 'CloudFront-Forwarded-Proto': 'http' } }));
  assert.equal(forwarded.uri, '/7/a b.png');
  assert.equal(forwarded.headers['x-nimbus-viewer-host'][0].value, 'pics-1a.nimbus.test:8080', 'origin-request builds the redirect');
  assert.equal(forwarded.headers['x-nimbus-viewer-query'][0].value, 'x=1');
});

test('blockbadbots answers 451 to a bad bot, only when enabled', async () => {
  const ua = { 'User-Agent': 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)' };
  assert.equal((await handlerWith([zone({ blockbadbots: 'enabled' })]).handle(viewerRequestEvent({ headers: ua }))).status, '451');
  assert.equal((await handlerWith([zone({ blockbadbots: 'enabled' })]).handle(viewerRequestEvent({ headers: { 'User-Agent': 'curl/8.5.0' } }))).uri, '/7/a.png');
  assert.equal((await handlerWith([zone()]).handle(viewerRequestEvent({ headers: ua }))).uri, '/7/a.png');
});

test('referrer rules: allow list, block list and empty referers', async () => {
  const allow = handlerWith([zone({}, { referrers: ['example.com'] })]).handle;
  assert.equal((await allow(viewerRequestEvent({ headers: { Referer: 'https://example.com/p' } }))).uri, '/7/a.png');
  assert.equal((await allow(viewerRequestEvent({ headers: { Referer: 'https://evil.test/p' } }))).status, '403');
  assert.equal((await allow(viewerRequestEvent())).uri, '/7/a.png', 'allowemptyreferrer defaults to enabled');
  const strict = handlerWith([zone({ allowemptyreferrer: 'disabled' }, { referrers: ['example.com'] })]).handle;
  assert.equal((await strict(viewerRequestEvent())).status, '403');
  const block = handlerWith([zone({ blockreferrer: 'enabled' }, { referrers: ['*.evil.test'] })]).handle;
  assert.equal((await block(viewerRequestEvent({ headers: { Referer: 'https://www.evil.test/' } }))).status, '403');
  assert.equal((await block(viewerRequestEvent({ headers: { Referer: 'https://fine.test/' } }))).uri, '/7/a.png');
});

test('secure token: valid is forwarded without token and expire, wrong 403, expired 410, missing 403', async () => {
  const protectedZone = zone({ securetoken: 'enabled', securetokenkey: 'securetokenkey' });
  const { handle } = handlerWith([protectedZone]);
  const ok = await handle(viewerRequestEvent({ uri: TOKEN.uri, querystring: `w=1&${TOKEN.querystring}` }));
  assert.equal(ok.uri, '/7/path/to/file1.jpg');
  assert.equal(ok.querystring, 'w=1');
  const wrong = await handle(viewerRequestEvent({ uri: TOKEN.uri, querystring: 'token=DQmTK_7LB8InNKlVEx0xUg&expire=1893456000' }));
  assert.equal(wrong.status, '403');
  assert.equal((await handle(viewerRequestEvent({ uri: TOKEN.uri }))).status, '403');
  const late = handlerWith([protectedZone], { now: Date.parse('2030-01-01T00:00:01Z') }).handle;
  assert.equal((await late(viewerRequestEvent(TOKEN))).status, '410');
});

test('securetokenip: the token holds the client IP', async () => {
  const { handle } = handlerWith([zone({ securetoken: 'enabled', securetokenkey: 'securetokenkey', securetokenip: 'enabled' })]);
  const ipToken = { uri: TOKEN.uri, querystring: 'token=GX2qck2-WrU_8BvouL7zBQ&expire=1893456000' }; // vector C
  assert.equal((await handle(viewerRequestEvent({ ...ipToken, clientIp: '203.0.113.7' }))).uri, '/7/path/to/file1.jpg');
  assert.equal((await handle(viewerRequestEvent({ ...ipToken, clientIp: '198.51.100.9' }))).status, '403');
  assert.equal((await handle(viewerRequestEvent({ ...TOKEN, clientIp: '203.0.113.7' }))).status, '403');
});

test('rules apply in order: bots, then referrer, then token', async () => {
  const all = zone({ forcessl: 'enabled', blockbadbots: 'enabled', securetoken: 'enabled', securetokenkey: 'securetokenkey', allowemptyreferrer: 'disabled' }, { referrers: ['example.com'] });
  const { handle } = handlerWith([all]);
  const bot = 'AhrefsBot/7.0';
  const status = async (headers) => (await handle(viewerRequestEvent({ uri: TOKEN.uri, headers }))).status;
  assert.equal(await status({ 'CloudFront-Forwarded-Proto': 'http', 'User-Agent': bot }), '451');
  assert.equal(await status({ 'User-Agent': bot }), '451');
  assert.equal(await status({ 'User-Agent': 'Firefox' }), '403'); // empty referer refused before the token is looked at
  assert.equal(await status({ 'User-Agent': 'Firefox', Referer: 'https://example.com/' }), '403'); // now the token
  const ok = await handle(viewerRequestEvent({ ...TOKEN, headers: { Referer: 'https://example.com/' } }));
  assert.equal(ok.uri, '/7/path/to/file1.jpg');
});

test('cacherobots answers robots.txt with a disallow-all at the edge', async () => {
  const response = await handlerWith([zone({ cacherobots: 'enabled' })]).handle(viewerRequestEvent({ uri: '/robots.txt' }));
  assert.equal(response.status, '200');
  assert.equal(response.body, 'User-agent: *\nDisallow: /\n');
  assert.equal((await handlerWith([zone()]).handle(viewerRequestEvent({ uri: '/robots.txt' }))).uri, '/7/robots.txt');
});

test('blockHeadless (Smooth) refuses headless browsers and an empty User-Agent with 403, after bad bots', async () => {
  for (const settings of [{ blockHeadless: 'true' }, { blockheadless: 'enabled' }]) {
    const { handle } = handlerWith([zone(settings)]);
    const status = async (ua) => (await handle(viewerRequestEvent({ headers: ua === undefined ? {} : { 'User-Agent': ua } }))).status;
    assert.equal(await status('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36'), '403');
    assert.equal(await status('Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1'), '403');
    assert.equal(await status(undefined), '403');
    assert.equal(await status(''), '403');
    assert.equal(await status('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'), undefined);
  }
  for (const off of [{}, { blockHeadless: 'false' }, { blockheadless: 'disabled' }]) {
    assert.equal((await handlerWith([zone(off)]).handle(viewerRequestEvent({ headers: { 'User-Agent': 'HeadlessChrome/124' } }))).uri, '/7/a.png');
  }
  const both = handlerWith([zone({ blockHeadless: 'true', blockbadbots: 'enabled' })]).handle;
  assert.equal((await both(viewerRequestEvent({ headers: { 'User-Agent': 'AhrefsBot HeadlessChrome' } }))).status, '451');
});

const { signGrant } = require('../lib/grant');
const { VECTOR } = require('./fixtures');

test('grants on a zone: protectedPaths need one (403 missing or invalid, 410 expired); it is removed from the query', async () => {
  const nowSeconds = Math.floor(NOW / 1000);
  const signed = (over = {}) => signGrant({ z: '7', p: '/private/', e: nowSeconds + 300, g: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c', ...over }, VECTOR.key);
  const { handle } = handlerWith([zone({}, { grantKey: VECTOR.key, protectedPaths: ['/private/'] })]);
  const get = (uri, querystring = '') => handle(viewerRequestEvent({ uri, querystring }));
  assert.equal((await get('/private/a.pdf')).status, '403');
  assert.equal((await get('/private/a.pdf', 'grant=nonsense')).status, '403');
  const ok = await get('/private/a.pdf', `w=1&grant=${signed()}`);
  assert.equal(ok.uri, '/7/private/a.pdf');
  assert.equal(ok.querystring, 'w=1');
  assert.equal(ok.headers['x-nimbus-download'], undefined);
  assert.equal((await get('/private/a.pdf', `grant=${signed({ e: nowSeconds - 1 })}`)).status, '410');
  assert.equal((await get('/private/a.pdf', `grant=${signed({ p: '/other/' })}`)).status, '403');
  assert.equal((await get('/public/a.png')).uri, '/7/public/a.png', 'outside protectedPaths no grant is needed');
  assert.equal((await get('/public/a.png', 'grant=nonsense')).status, '403', 'a grant that is there is always checked');
  const download = await get('/private/a.pdf', `grant=${signed({ d: 1 })}`);
  assert.equal(download.querystring, 'nimbus-download=1');
  assert.equal(download.headers['x-nimbus-download'][0].value, 'attachment; filename="a.pdf"; filename*=UTF-8\'\'a.pdf');
  const revoked = handlerWith([zone({}, { grantKey: VECTOR.key, protectedPaths: ['/private/'], revokedGrants: ['0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c'] })]).handle;
  assert.equal((await revoked(viewerRequestEvent({ uri: '/private/a.pdf', querystring: `grant=${signed()}` }))).status, '403');
  const keyless = handlerWith([zone({}, { protectedPaths: ['/private/'] })]).handle;
  assert.equal((await keyless(viewerRequestEvent({ uri: '/private/a.pdf', querystring: `grant=${signed()}` }))).status, '403', 'no grantKey: fail closed');
});

test('fail closed: grant fields of the wrong shape make the zone document unreadable (503)', async () => {
  for (const bad of [{ grantKey: 7 }, { revokedGrants: 'g1' }, { protectedPaths: '/private/' }, { grantsNotBefore: 'soon' }]) {
    assert.equal((await handlerWith([zone({}, bad)]).handle(viewerRequestEvent())).status, '503', JSON.stringify(bad));
  }
});
