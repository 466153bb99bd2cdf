'use strict';
// Builders of CloudFront events and an in-memory edge config store (the one fake: the injected fetcher).
const { createZoneConfigReader } = require('../lib/zone-config');

function cfHeaders(plain) {
  const headers = {};
  for (const [key, value] of Object.entries(plain)) headers[key.toLowerCase()] = [{ key, value }];
  return headers;
}

function viewerRequestEvent({ host = 'pics-1a.nimbus.test', uri = '/a.png', querystring = '', headers = {}, clientIp = '203.0.113.7' } = {}) {
  return { Records: [{ cf: { config: { eventType: 'viewer-request' }, request: { clientIp, method: 'GET', uri, querystring, headers: cfHeaders({ Host: host, ...headers }) } } }] };
}

function originRequestEvent({ uri, querystring = '', headers = {} }) {
  const origin = { s3: { domainName: 'assets.s3.amazonaws.com', path: '', authMethod: 'origin-access-identity', customHeaders: {} } };
  return { Records: [{ cf: { config: { eventType: 'origin-request' }, request: { clientIp: '203.0.113.7', method: 'GET', uri, querystring, origin, headers: cfHeaders({ Host: 'assets.s3.amazonaws.com', ...headers }) } } }] };
}

function originResponseEvent({ uri, status = '200', headers = {}, requestHeaders = {} }) {
  return {
    Records: [{ cf: {
      config: { eventType: 'origin-response' },
      request: { clientIp: '203.0.113.7', method: 'GET', uri, querystring: '', headers: cfHeaders({ Host: 'bucket.s3.amazonaws.com', ...requestHeaders }) },
      response: { status, statusDescription: 'OK', headers: cfHeaders(headers) },
    } }],
  };
}

function zoneDocument({ id = '7', hostname = 'pics-1a.nimbus.test', aliases = [], settings = {}, referrers = [], testMode = false, originUrl = null, ...extra } = {}) {
  return { id, kind: originUrl ? 'pull' : 'push', name: 'pics', hostname, aliases, originUrl, settings, referrers, testMode, publishedAt: '2026-11-26T18:00:00Z', ...extra };
}

/** A files zone document as EdgeConfigPublisher writes it (no hostname: served on the files host by id). */
function filesZoneDocument({ accountId = 'usr_vector', grantKey = VECTOR.key, ...extra } = {}) {
  return { id: `files-${accountId}`, kind: 'files', name: 'files', hostname: null, aliases: [], originUrl: null, settings: {}, referrers: [], testMode: false, grantKey, publishedAt: '2026-11-26T18:00:00Z', ...extra };
}

// The grant vector checked in both languages (GrantTokensTest on the Java side); the HMAC was also taken by hand:
// printf '%s' "$ENCODED" | openssl dgst -sha256 -mac HMAC -macopt hexkey:000102...1f -binary | base64url.
const VECTOR = {
  key: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8', // bytes 0x00..0x1f
  payload: { z: 'files-usr_vector', p: '/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/', e: 1893456000, g: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c', d: 1 },
  json: '{"z":"files-usr_vector","p":"/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/","e":1893456000,"g":"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c","d":1}',
  token: 'eyJ6IjoiZmlsZXMtdXNyX3ZlY3RvciIsInAiOiIvMDE5MGExYjItYzNkNC03ZTVmLThhOWItMGMxZDJlM2Y0YTViLyIsImUiOjE4OTM0NTYwMDAsImciOiIwMTkwYTFiMi1jM2Q0LTdlNWYtOGE5Yi0wYzFkMmUzZjRhNWMiLCJkIjoxfQ.Z36IG9l8x-78-i8UOjHKDCgiS9wC74Wy6tFU6DC-BSQ',
  hmacHex: '677e881bd97cc7eefcfa2f143a31ca0c28224bdc02ef85b2ead154e830be0524',
};

/** A store of documents by key, as the API publishes them; `reads` lists every key fetched. */
function fakeStore(zones = []) {
  const documents = new Map();
  const reads = [];
  const store = {
    documents,
    reads,
    failing: false,
    put(zone) {
      documents.set(`zones/${zone.id}.json`, JSON.stringify(zone));
      for (const host of [zone.hostname, ...zone.aliases].filter(Boolean)) documents.set(`hosts/${host}.json`, JSON.stringify({ zone: zone.id }));
    },
    async fetchDocument(key) {
      reads.push(key);
      if (store.failing) throw new Error('S3 unavailable');
      return documents.has(key) ? documents.get(key) : null;
    },
  };
  zones.forEach((zone) => store.put(zone));
  return store;
}

function readerFor(store, options = {}) {
  return createZoneConfigReader({ fetchDocument: store.fetchDocument, ...options });
}

module.exports = { cfHeaders, viewerRequestEvent, originRequestEvent, originResponseEvent, zoneDocument, filesZoneDocument, fakeStore, readerFor, VECTOR };
