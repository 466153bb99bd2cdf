'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { createViewerRequestHandler } = require('../viewer-request');
const { createOriginResponseHandler } = require('../origin-response');
const { signGrant } = require('../lib/grant');
const { fakeStore, readerFor, viewerRequestEvent, originResponseEvent, filesZoneDocument, zoneDocument, VECTOR } = require('./fixtures');

const FILES_HOST = 'cdn.nimbus.test';
const ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'; // the vector's file
const NOW = Date.parse('2029-12-31T23:59:00Z'); // before the vector's expiry (2030-01-01T00:00:00Z)

function setup({ zones = [filesZoneDocument()], now = NOW } = {}) {
  const store = fakeStore(zones);
  const settings = { bucket: 'edge-config', region: 'eu-west-1', filesHost: FILES_HOST };
  return { store, handle: createViewerRequestHandler({ reader: readerFor(store), now: () => now, settings }) };
}
const onFiles = (uri, querystring = '', headers = {}) => viewerRequestEvent({ host: FILES_HOST, uri, querystring, headers });

test('the files host rewrites /{id}/{anything} to /files/{id} without reading any document', async () => {
  const { store, handle } = setup();
  const forwarded = await handle(onFiles(`/${ID}/report%20final.pdf`, 'v=2'));
  assert.equal(forwarded.uri, `/files/${ID}`);
  assert.equal(forwarded.querystring, 'v=2');
  assert.equal((await handle(onFiles(`/${ID}/`))).uri, `/files/${ID}`);
  assert.equal((await handle(onFiles(`/${ID.toUpperCase()}/a`))).uri, `/files/${ID}`, 'ids read case-insensitively, stored lower case');
  assert.equal((await handle(viewerRequestEvent({ host: 'CDN.nimbus.test:443', uri: `/${ID}/x` }))).uri, `/files/${ID}`);
  assert.deepEqual(store.reads, []);
});

test('anything else on the files host is 404: no id, a bad id, the id alone, traversal', async () => {
  const { handle } = setup();
  for (const uri of ['/', '/favicon.ico', `/${ID}`, '/not-an-id/a.png', `/${ID}x/a`, `/../${ID}/a`, '/files/' + ID, `/${ID.slice(0, 35)}/a`]) {
    assert.equal((await handle(onFiles(uri))).status, '404', uri);
  }
});

test('without filesHost in the settings no host is the files host', async () => {
  const store = fakeStore();
  const handle = createViewerRequestHandler({ reader: readerFor(store), now: () => NOW });
  assert.equal((await handle(onFiles(`/${ID}/a`))).status, '404');
  assert.deepEqual(store.reads, [`hosts/${FILES_HOST}.json`]);
});

test('a download grant (the vector: d=1) is checked with the files zone key, removed, and asks for an attachment', async () => {
  const { store, handle } = setup();
  const forwarded = await handle(onFiles(`/${ID}/caf%C3%A9%20menu.pdf`, `grant=${VECTOR.token}&v=1`));
  assert.equal(forwarded.uri, `/files/${ID}`);
  assert.equal(forwarded.querystring, 'v=1&nimbus-download=1');
  assert.equal(forwarded.headers['x-nimbus-download'][0].value, 'attachment; filename="caf_ menu.pdf"; filename*=UTF-8\'\'caf%C3%A9%20menu.pdf');
  assert.deepEqual(store.reads, ['zones/files-usr_vector.json']);
});

test('files host grants: expired 410; tampered, another id, revoked, an unknown or non-files zone 403; a store failure 503', async () => {
  const late = setup({ now: Date.parse('2030-01-01T00:00:01Z') }).handle;
  assert.equal((await late(onFiles(`/${ID}/a.pdf`, `grant=${VECTOR.token}`))).status, '410');
  const { handle } = setup({ zones: [filesZoneDocument(), zoneDocument({ id: '7', grantKey: VECTOR.key })] });
  const [encoded, sig] = VECTOR.token.split('.');
  assert.equal((await handle(onFiles(`/${ID}/a.pdf`, `grant=${encoded}.${sig.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`))).status, '403');
  assert.equal((await handle(onFiles('/0190a1b2-c3d4-7e5f-8a9b-000000000000/a.pdf', `grant=${VECTOR.token}`))).status, '403');
  assert.equal((await handle(onFiles(`/${ID}/a.pdf`, 'grant=garbage'))).status, '403');
  const other = signGrant({ ...VECTOR.payload, z: 'files-usr_nobody' }, VECTOR.key);
  assert.equal((await handle(onFiles(`/${ID}/a.pdf`, `grant=${other}`))).status, '403');
  const zoneKeyed = signGrant({ ...VECTOR.payload, z: '7' }, VECTOR.key);
  assert.equal((await handle(onFiles(`/${ID}/a.pdf`, `grant=${zoneKeyed}`))).status, '403', 'only a files zone signs for the files host');
  const revoked = setup({ zones: [filesZoneDocument({ revokedGrants: [VECTOR.payload.g] })] }).handle;
  assert.equal((await revoked(onFiles(`/${ID}/a.pdf`, `grant=${VECTOR.token}`))).status, '403');
  assert.equal((await setupFailing()(onFiles(`/${ID}/a.pdf`, `grant=${VECTOR.token}`))).status, '503');
});

function setupFailing() {
  const { store, handle } = setup();
  store.failing = true;
  return handle;
}

test('a viewer cannot send our headers or the download marker itself', async () => {
  const { handle } = setup();
  const forwarded = await handle(onFiles(`/${ID}/a.pdf`, 'nimbus-download=1', { 'X-Nimbus-Download': 'attachment', 'x-nimbus-viewer-host': 'evil.test' }));
  assert.equal(forwarded.querystring, '');
  assert.equal(forwarded.headers['x-nimbus-download'], undefined);
  assert.equal(forwarded.headers['x-nimbus-viewer-host'], undefined);
});

test('origin-response on /files/{id}: CORS *, a year immutable; a download is an attachment kept from shared caches', async () => {
  const handle = createOriginResponseHandler({ reader: readerFor(fakeStore()), now: () => NOW });
  const plain = await handle(originResponseEvent({ uri: `/files/${ID}`, headers: { 'Content-Type': 'application/pdf', 'Cache-Control': 'max-age=60' } }));
  assert.equal(plain.headers['access-control-allow-origin'][0].value, '*');
  assert.equal(plain.headers['cache-control'][0].value, 'public, max-age=31536000, immutable');
  assert.equal(plain.headers['content-disposition'], undefined);
  const download = await handle(originResponseEvent({ uri: `/files/${ID}`, requestHeaders: { 'x-nimbus-download': 'attachment; filename="a.pdf"' } }));
  assert.equal(download.headers['content-disposition'][0].value, 'attachment; filename="a.pdf"');
  assert.equal(download.headers['cache-control'][0].value, 'private, no-store');
  assert.equal(download.headers['access-control-allow-origin'][0].value, '*');
  const missing = await handle(originResponseEvent({ uri: `/files/${ID}`, status: '404' }));
  assert.equal(missing.headers['cache-control'][0].value, 'no-store');
});
