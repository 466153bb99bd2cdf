'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { createOriginRequestHandler } = require('../origin-request');
const { createViewerRequestHandler } = require('../viewer-request');
const { pullOrigin } = require('../lib/origin');
const { fakeStore, readerFor, originRequestEvent, viewerRequestEvent, zoneDocument } = require('./fixtures');

const pull = (settings = {}, originUrl = 'https://origin.example.com/static/') => zoneDocument({ id: '9', hostname: 'site-9.nimbus.test', settings, originUrl });
const push = (settings = {}) => zoneDocument({ id: '7', hostname: 'pics-1a.nimbus.test', settings });

function handlerWith(zones) {
  const store = fakeStore(zones);
  return { store, handle: createOriginRequestHandler({ reader: readerFor(store), now: () => 0, settings: {} }) };
}

/** What viewer-request forwards, then origin-request: the two triggers as CloudFront chains them. */
async function through(zones, { host, uri, querystring = '', headers = {}, proto = 'https' }) {
  const store = fakeStore(zones);
  const viewer = createViewerRequestHandler({ reader: readerFor(store), now: () => 0 });
  const forwarded = await viewer(viewerRequestEvent({ host, uri, querystring, headers }));
  if (forwarded.status) return forwarded;
  forwarded.headers['cloudfront-forwarded-proto'] = [{ key: 'CloudFront-Forwarded-Proto', value: proto }];
  const origin = createOriginRequestHandler({ reader: readerFor(store) });
  return origin({ Records: [{ cf: { config: { eventType: 'origin-request' }, request: forwarded } }] });
}

test('a pull zone goes to its origin: custom origin, the origin path first, the Host of the origin, X-Pull', async () => {
  const request = await through([pull({ cachexpullkey: 'Nimbus' })], { host: 'site-9.nimbus.test', uri: '/css/a.css', querystring: 'v=3' });
  assert.deepEqual(request.origin, { custom: { domainName: 'origin.example.com', port: 443, protocol: 'https', path: '', sslProtocols: ['TLSv1.2'], readTimeout: 30, keepaliveTimeout: 5, customHeaders: {} } });
  assert.equal(request.uri, '/static/css/a.css');
  assert.equal(request.querystring, 'v=3');
  assert.equal(request.headers.host[0].value, 'origin.example.com');
  assert.equal(request.headers['x-pull'][0].value, 'Nimbus');
  assert.equal(request.headers['x-nimbus-viewer-host'], undefined, 'our headers stay at the edge');
  assert.equal(request.headers['x-nimbus-viewer-query'], undefined);
});

test('cachehostheader enabled: the origin gets the Host the viewer sent', async () => {
  const request = await through([pull({ cachehostheader: 'enabled' }, 'http://127.0.0.1:9000')], { host: 'site-9.nimbus.test:8080', uri: '/a.png' });
  assert.equal(request.headers.host[0].value, 'site-9.nimbus.test:8080');
  assert.equal(request.origin.custom.domainName, '127.0.0.1');
  assert.equal(request.origin.custom.port, 9000);
  assert.equal(request.origin.custom.protocol, 'http');
  assert.equal(request.uri, '/a.png');
  assert.equal(request.headers['x-pull'], undefined, 'no cachexpullkey: no X-Pull');
  const disabled = await through([pull({}, 'http://origin.test:8081/base')], { host: 'site-9.nimbus.test', uri: '/a.png' });
  assert.equal(disabled.headers.host[0].value, 'origin.test:8081');
  assert.equal(disabled.uri, '/base/a.png');
});

test('push zones and files keep the S3 origin, unchanged', async () => {
  const { handle } = handlerWith([push()]);
  const event = originRequestEvent({ uri: '/7/a.png' });
  const request = await handle(event);
  assert.equal(request, event.Records[0].cf.request);
  assert.deepEqual(Object.keys(request.origin), ['s3']);
  const files = originRequestEvent({ uri: '/files/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' });
  assert.equal(await handle(files), files.Records[0].cf.request);
});

test('forcessl: CloudFront-Forwarded-Proto http is a 301 to the viewer URL over https, query included', async () => {
  const zones = [push({ forcessl: 'enabled', securetoken: 'disabled' })];
  const redirect = await through(zones, { host: 'pics-1a.nimbus.test:8080', uri: '/a b.png', querystring: 'x=1&grant=abc', proto: 'http' });
  assert.equal(redirect.status, '403', 'a grant that is there is checked first');
  const moved = await through(zones, { host: 'pics-1a.nimbus.test:8080', uri: '/a b.png', querystring: 'x=1&token=t&expire=9', proto: 'http' });
  assert.equal(moved.status, '301');
  assert.equal(moved.headers.location[0].value, 'https://pics-1a.nimbus.test/a b.png?x=1&token=t&expire=9');
  assert.equal(moved.headers['cache-control'][0].value, 'no-store');
  assert.equal((await through(zones, { host: 'pics-1a.nimbus.test', uri: '/a.png', proto: 'https' })).uri, '/7/a.png');
  assert.equal((await through([push()], { host: 'pics-1a.nimbus.test', uri: '/a.png', proto: 'http' })).uri, '/7/a.png', 'forcessl off');
  const pulled = await through([pull({ forcessl: 'enabled' })], { host: 'site-9.nimbus.test', uri: '/a.png', proto: 'http' });
  assert.equal(pulled.headers.location[0].value, 'https://site-9.nimbus.test/a.png');
});

test('fail closed: unreadable config 503, a zone that is gone 404, an unusable origin URL 503', async () => {
  const { store, handle } = handlerWith([pull()]);
  store.failing = true;
  assert.equal((await handle(originRequestEvent({ uri: '/9/a.png' }))).status, '503');
  assert.equal((await handlerWith([]).handle(originRequestEvent({ uri: '/9/a.png' }))).status, '404');
  assert.equal((await handlerWith([pull({}, 'ftp://origin.test/')]).handle(originRequestEvent({ uri: '/9/a.png' }))).status, '503');
  assert.equal(pullOrigin('not a url'), null);
});

test('a pull origin never sees the download marker', async () => {
  const { handle } = handlerWith([pull()]);
  const request = await handle(originRequestEvent({ uri: '/9/a.pdf', querystring: 'a=1&nimbus-download=1' }));
  assert.equal(request.querystring, 'a=1');
});

test('origin-response finds a pull zone by x-nimbus-zone after origin-request rewrote the URI for the origin', async () => {
  const { createOriginResponseHandler } = require('../origin-response');
  const zone = pull({ cors: 'enabled', cachecanonical: 'enabled' }, 'https://origin.example.com/static/');
  const sent = await through([zone], { host: 'site-9.nimbus.test', uri: '/css/a.css' });
  assert.equal(sent.headers['x-nimbus-zone'][0].value, '9');
  assert.equal(sent.uri, '/static/css/a.css');
  const respond = createOriginResponseHandler({ reader: readerFor(fakeStore([zone])), now: () => 0 });
  const response = await respond({ Records: [{ cf: { config: { eventType: 'origin-response' }, request: sent, response: { status: '200', statusDescription: 'OK', headers: {} } } }] });
  assert.equal(response.headers['access-control-allow-origin'][0].value, '*');
  assert.equal(response.headers.link[0].value, '<https://origin.example.com/static/css/a.css>; rel="canonical"');
  assert.equal(response.headers['content-type'][0].value, 'text/css', 'the type from the viewer path');
});
