'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { ConfigUnavailable } = require('../lib/zone-config');
const { fakeStore, readerFor, zoneDocument } = require('./fixtures');

const zone = zoneDocument({ id: '7', hostname: 'pics-1a.nimbus.test', aliases: ['cdn.example.com'] });

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms) => { t += ms; } };
}

test('a host reads its host document, then its zone document, and nothing else', async () => {
  const store = fakeStore([zone, zoneDocument({ id: '8', hostname: 'other-2b.nimbus.test' })]);
  const found = await readerFor(store).zoneForHost('cdn.example.com');
  assert.equal(found.id, '7');
  assert.deepEqual(store.reads, ['hosts/cdn.example.com.json', 'zones/7.json']);
});

test('answers are cached for the TTL, then read again', async () => {
  const store = fakeStore([zone]);
  const time = clock();
  const reader = readerFor(store, { ttlMs: 30_000, now: time.now });
  await reader.zoneForHost('pics-1a.nimbus.test');
  await reader.zoneForHost('pics-1a.nimbus.test');
  assert.equal(store.reads.length, 2);
  time.advance(30_001);
  await reader.zoneForHost('pics-1a.nimbus.test');
  assert.equal(store.reads.length, 4);
});

test('an unknown host is null and is cached too (negative caching)', async () => {
  const store = fakeStore([zone]);
  const reader = readerFor(store);
  assert.equal(await reader.zoneForHost('nobody.nimbus.test'), null);
  assert.equal(await reader.zoneForHost('nobody.nimbus.test'), null);
  assert.deepEqual(store.reads, ['hosts/nobody.nimbus.test.json']);
});

test('a host whose zone no longer lists it, or whose zone is gone, is unknown', async () => {
  const store = fakeStore([zone]);
  store.documents.set('hosts/moved.example.com.json', JSON.stringify({ zone: '7' }));
  store.documents.set('hosts/orphan.example.com.json', JSON.stringify({ zone: '99' }));
  const reader = readerFor(store);
  assert.equal(await reader.zoneForHost('moved.example.com'), null);
  assert.equal(await reader.zoneForHost('orphan.example.com'), null);
});

test('a failing store, bad JSON or a malformed document is ConfigUnavailable, and failures are not cached', async () => {
  const store = fakeStore([zone]);
  const reader = readerFor(store);
  store.failing = true;
  await assert.rejects(reader.zoneForHost('pics-1a.nimbus.test'), ConfigUnavailable);
  store.failing = false;
  assert.equal((await reader.zoneForHost('pics-1a.nimbus.test')).id, '7', 'the next request reads again');

  const broken = fakeStore();
  broken.documents.set('hosts/a.test.json', '{not json');
  broken.documents.set('hosts/b.test.json', JSON.stringify({ zone: 5 }));
  broken.documents.set('hosts/c.test.json', JSON.stringify({ zone: '9' }));
  broken.documents.set('zones/9.json', JSON.stringify({ id: '9', hostname: 'c.test', settings: 'all open' }));
  broken.documents.set('hosts/d.test.json', JSON.stringify({ zone: '10' }));
  broken.documents.set('zones/10.json', JSON.stringify({ id: '11', hostname: 'd.test' }));
  const brokenReader = readerFor(broken);
  for (const host of ['a.test', 'b.test', 'c.test', 'd.test']) {
    await assert.rejects(brokenReader.zoneForHost(host), ConfigUnavailable, host);
  }
});

test('hosts and ids that cannot be keys are not looked up', async () => {
  const store = fakeStore([zone]);
  const reader = readerFor(store);
  assert.equal(await reader.zoneForHost('../zones/7'), null);
  assert.equal(await reader.zoneForHost(''), null);
  assert.equal(await reader.zoneById('../7'), null);
  assert.deepEqual(store.reads, []);
});

test('the cache holds at most maxEntries documents, dropping the oldest', async () => {
  const zones = Array.from({ length: 5 }, (_, i) => zoneDocument({ id: String(i), hostname: `z${i}.nimbus.test` }));
  const store = fakeStore(zones);
  const reader = readerFor(store, { maxEntries: 4 });
  for (const z of zones) await reader.zoneById(z.id);
  await reader.zoneById('4');
  await reader.zoneById('0');
  assert.deepEqual(store.reads, ['zones/0.json', 'zones/1.json', 'zones/2.json', 'zones/3.json', 'zones/4.json', 'zones/0.json']);
});
