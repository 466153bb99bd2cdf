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

function originResponseEvent({ uri, status = '200', headers = {} }) {
  return {
    Records: [{ cf: {
      config: { eventType: 'origin-response' },
      request: { clientIp: '203.0.113.7', method: 'GET', uri, querystring: '', headers: cfHeaders({ Host: 'bucket.s3.amazonaws.com' }) },
      response: { status, statusDescription: 'OK', headers: cfHeaders(headers) },
    } }],
  };
}

function zoneDocument({ id = '7', hostname = 'pics-1a.nimbus.test', aliases = [], settings = {}, referrers = [], testMode = false, originUrl = null } = {}) {
  return { id, kind: originUrl ? 'pull' : 'push', name: 'pics', hostname, aliases, originUrl, settings, referrers, testMode, publishedAt: '2026-11-26T18:00:00Z' };
}

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
      for (const host of [zone.hostname, ...zone.aliases]) documents.set(`hosts/${host}.json`, JSON.stringify({ zone: zone.id }));
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

module.exports = { cfHeaders, viewerRequestEvent, originResponseEvent, zoneDocument, fakeStore, readerFor };
