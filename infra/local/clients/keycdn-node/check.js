// Drives the npm keycdn 0.2.2 client, unchanged, against a Nimbus gateway: every call it offers (get with and
// without parameters, post, put and del with an object, a form string and a JSON string) on zones, purges, zone aliases,
// zone referrers and reports, checking the values each call returns. KeyCdnNodeClientTest runs it in
// `./mvnw verify` (after `npm ci` here); by hand, against infra/local/run:
//   npm ci && node check.js http://127.0.0.1:3000 sk_prod_... ['{"otherZone":"...", ...}']
// The optional third argument holds what the test staged (another account's zone, the report range, the
// expected storage, credits and balance); without it those checks are left out. Exits non-zero on the first
// mismatch. Stays under 60 calls per key (the rate limit of one window).
const assert = require('assert');
const KeyCDN = require('keycdn');
const [base, key, stagedJson] = process.argv.slice(2);
const staged = stagedJson ? JSON.parse(stagedJson) : null;
const cdn = new KeyCDN(key);
cdn.apiServer = base.replace(/\/?$/, '/');
const call = (fn, ...args) => new Promise((resolve, reject) =>
  cdn[fn](...args, (err, data) => (err ? reject(err) : resolve(data))));
const digits = /^[0-9]+$/;
let lastRemaining = Infinity;
const PER_MINUTE = 60; // KeyCDN's limit per key and minute
const counted = (reply) => {
  // The client copies X-Rate-Limit-Remaining onto every successful answer: it counts down within a minute's window,
  // and starts again from the top when a slow run crosses into the next window.
  assert.match(String(reply.remaining), digits);
  const remaining = Number(reply.remaining);
  assert.ok(remaining < lastRemaining || remaining === PER_MINUTE - 1, `remaining counts down (${lastRemaining} then ${remaining})`);
  lastRemaining = remaining;
  return reply;
};
const received = (reply) => {
  counted(reply);
  assert.strictEqual(reply.status, 'success');
  assert.strictEqual(reply.description, 'Data successfully received.');
  return reply.data;
};
// Every scalar of a zone, alias, referrer or stats row is a string or null: a Go client decodes them into string maps.
const allStrings = (object) => Object.entries(object).forEach(([k, v]) =>
  assert.ok(v === null || typeof v === 'string', `${k} is ${typeof v}`));

(async () => {
  const name = 'npm' + Date.now().toString(36).slice(-8);

  // ---- zones: post with an object and with a form string, get with and without parameters, put, del
  const added = counted(await call('post', 'zones.json', { name, type: 'pull', originurl: 'https://example.com' }));
  assert.strictEqual(added.status, 'success');
  assert.strictEqual(added.description, 'Zone successfully added.');
  const zone = added.data.zone;
  allStrings(zone);
  assert.match(zone.id, digits);
  assert.strictEqual(zone.name, name);
  assert.strictEqual(zone.type, 'pull');
  assert.strictEqual(zone.originurl, 'https://example.com');
  assert.strictEqual(zone.expire, '0');
  const id = zone.id;

  const push = counted(await call('post', 'zones.json', `name=${name}p&type=push`));
  assert.strictEqual(push.data.zone.type, 'push');
  assert.strictEqual(push.data.zone.dirlist, 'disabled');

  const list = received(await call('get', 'zones.json'));
  assert.deepStrictEqual(list.zones.map(z => z.id), [id, push.data.zone.id]);
  list.zones.forEach(allStrings);
  const listWithQuery = received(await call('get', 'zones.json', { unused: '1' }));
  assert.strictEqual(listWithQuery.zones.length, 2);

  const view = received(await call('get', `zones/${id}.json`));
  assert.deepStrictEqual(view.zone, zone);

  const putForm = counted(await call('put', `zones/${id}.json`, 'expire=43200'));
  assert.strictEqual(putForm.description, 'Zone successfully changed.');
  assert.strictEqual(putForm.data.zone.expire, '43200');
  const putJson = counted(await call('put', `zones/${id}.json`, '{"gzip":"enabled"}'));
  assert.strictEqual(putJson.data.zone.gzip, 'enabled');
  assert.strictEqual(putJson.data.zone.expire, '43200');
  const postEdit = counted(await call('post', `zones/${id}.json`, { cors: 'enabled' }));
  assert.strictEqual(postEdit.data.zone.cors, 'enabled');
  assert.strictEqual(postEdit.data.zone.gzip, 'enabled');

  // ---- zone aliases
  const host = `${name}.example.com`;
  const alias = counted(await call('post', 'zonealiases.json', { zone_id: id, name: host }));
  assert.strictEqual(alias.description, 'Zone Alias successfully added.');
  assert.deepStrictEqual(Object.keys(alias.data.zonealias), ['id', 'name', 'zone_id']);
  assert.strictEqual(alias.data.zonealias.name, host);
  assert.strictEqual(alias.data.zonealias.zone_id, id);
  const aliasId = alias.data.zonealias.id;
  assert.match(aliasId, digits);
  const aliases = received(await call('get', 'zonealiases.json'));
  assert.deepStrictEqual(aliases.zonealiases, [{ id: aliasId, zone_id: id, name: host }]);
  const renamed = counted(await call('put', `zonealiases/${aliasId}.json`, `name=www.${host}`));
  assert.strictEqual(renamed.description, 'Zone Alias successfully changed.');
  assert.strictEqual(renamed.data.zonealias.name, `www.${host}`);
  const moved = counted(await call('post', `zonealiases/${aliasId}.json`, { zone_id: push.data.zone.id }));
  assert.strictEqual(moved.data.zonealias.zone_id, push.data.zone.id);
  assert.strictEqual(moved.data.zonealias.name, `www.${host}`);
  const aliasGone = counted(await call('del', `zonealiases/${aliasId}.json`));
  assert.strictEqual(aliasGone.description, 'Zone Alias successfully deleted.');
  assert.deepStrictEqual(aliasGone.data, []);
  assert.deepStrictEqual(received(await call('get', 'zonealiases.json')).zonealiases, []);
  await assert.rejects(call('del', `zonealiases/${aliasId}.json`), /The requested item does not exist/);

  // ---- zone referrers (the last one is left in place: the test checks it is stored)
  const referrer = counted(await call('post', 'zonereferrers.json', `zone_id=${id}&name=example.org`));
  assert.strictEqual(referrer.description, 'Zone Referrer successfully added.');
  assert.deepStrictEqual(referrer.data.zonereferrer, { id: referrer.data.zonereferrer.id, name: 'example.org', zone_id: id });
  const referrerId = referrer.data.zonereferrer.id;
  const second = counted(await call('post', 'zonereferrers.json', { zone_id: id, name: '*.example.net' }));
  const referrers = received(await call('get', 'zonereferrers.json'));
  assert.deepStrictEqual(referrers.zonereferrers, [
    { id: referrerId, zone_id: id, name: 'example.org' },
    { id: second.data.zonereferrer.id, zone_id: id, name: '*.example.net' },
  ]);
  const changed = counted(await call('put', `zonereferrers/${referrerId}.json`, { name: 'example.com' }));
  assert.strictEqual(changed.description, 'Zone Referrer successfully changed.');
  assert.strictEqual(changed.data.zonereferrer.name, 'example.com');
  // del with a JSON body (the client sends its parameters as JSON on a DELETE)
  const referrerGone = counted(await call('del', `zonereferrers/${second.data.zonereferrer.id}.json`, { zone_id: id }));
  assert.strictEqual(referrerGone.description, 'Zone Referrer successfully deleted.');
  assert.deepStrictEqual(
    received(await call('get', 'zonereferrers.json')).zonereferrers,
    [{ id: referrerId, zone_id: id, name: 'example.com' }]);

  // ---- reports: get with parameters (the client puts them in the query string)
  const seedRange = { start: '1541030400', end: '1541203200' };
  const zeros = [1541030400, 1541116800, 1541203200].map(t => ({ amount: '0', timestamp: String(t) }));
  assert.deepStrictEqual(received(await call('get', 'reports/traffic.json', seedRange)).stats, zeros);
  assert.deepStrictEqual(
    received(await call('get', 'reports/traffic.json', { ...seedRange, zone_id: id })).stats, zeros);
  assert.deepStrictEqual(received(await call('get', 'reports/ip.json', seedRange)).stats, zeros);
  const hourly = received(await call('get', 'reports/statestats.json', { interval: 'hour' })).stats;
  assert.strictEqual(hourly.length, 24);
  hourly.forEach(allStrings);
  assert.deepStrictEqual(Object.keys(hourly[0]), ['totalcachehit', 'totalcachemiss', 'totalsuccess', 'totalerror',
    'total2xx', 'total3xx', 'total4xx', 'total5xx', 'timestamp']);
  assert.ok(hourly.every(row => row.totalcachehit === '0' && row.totalsuccess === '0'));
  assert.strictEqual(Number(hourly[1].timestamp) - Number(hourly[0].timestamp), 3600);
  assert.deepStrictEqual(
    received(await call('get', 'reports/storage.json', { ...seedRange, zone_id: id })).stats, zeros);
  await assert.rejects(call('get', 'reports/traffic.json', { start: '1541030400' }), /Missing required parameter: end/);
  await assert.rejects(call('get', 'reports/storage.json', { ...seedRange, interval: 'week' }), /interval/);
  if (staged) {
    const range = { start: staged.start, end: staged.end };
    assert.deepStrictEqual(received(await call('get', 'reports/storage.json', range)).stats, staged.storage);
    assert.deepStrictEqual(received(await call('get', 'reports/credits.json', range)).stats, staged.credits);
    assert.deepStrictEqual(received(await call('get', 'reports/creditbalance.json')), { amount: staged.balance });
    await assert.rejects(call('get', `zones/${staged.otherZone}.json`), /Access denied/);
    await assert.rejects(call('get', 'reports/storage.json', { ...range, zone_id: staged.otherZone }), /Access denied/);
  } else {
    assert.match(received(await call('get', 'reports/creditbalance.json')).amount, /^-?[0-9.]+$/);
  }

  // ---- purges (one a second per key: the client waits, as a well-behaved caller must)
  const pause = () => new Promise(resolve => setTimeout(resolve, 1100));
  const purgeHost = `purge-${Date.now().toString(36)}.example.org`;
  counted(await call('post', 'zonealiases.json', { zone_id: id, name: purgeHost }));
  await pause();
  const purgedZone = counted(await call('get', `zones/purge/${id}.json`));
  assert.deepStrictEqual(purgedZone, { status: 'success', description: `Cache has been cleared for zone ${name}.`,
    remaining: purgedZone.remaining });
  await pause();
  const purgedUrls = counted(await call('del', `zones/purgeurl/${id}.json`,
    { urls: [`${purgeHost}/css/style.css`, `https://${purgeHost}/js/app.js?v=2`] }));
  assert.strictEqual(purgedUrls.description, 'Cache has been cleared for URL(s).');
  await pause();
  const purgedTags = counted(await call('del', `zones/purgetag/${id}.json`, '{"tags":["css"]}'));
  assert.strictEqual(purgedTags.description, 'Cache has been cleared for tag(s).');
  await pause();
  await assert.rejects(call('del', `zones/purgeurl/${id}.json`, { urls: ['elsewhere.example.com/a.css'] }), /urls/);
  await pause();
  await assert.rejects(call('get', 'zones/purge/999999999.json'), /Access denied/);
  await assert.rejects(call('get', `zones/purge/${id}.json`), /Rate limit exceeded/);

  // ---- refusals
  await assert.rejects(call('get', 'zones/999999999.json'), /Access denied/);
  await assert.rejects(call('post', 'zones.json', { name: 'x', type: 'pull' }), /originurl/);
  const bad = new KeyCDN('sk_prod_nope');
  bad.apiServer = cdn.apiServer;
  await assert.rejects(new Promise((res, rej) => bad.get('zones.json', (e, d) => (e ? rej(e) : res(d)))),
    /invalid API key/);

  // ---- del without and with a body: the push zone, then the pull zone is left for the test to find
  const deleted = counted(await call('del', `zones/${push.data.zone.id}.json`));
  assert.strictEqual(deleted.description, 'Zone successfully deleted.');
  assert.deepStrictEqual(deleted.data, []);
  await assert.rejects(call('del', `zones/${push.data.zone.id}.json`, {}), /Access denied/);
  const left = received(await call('get', 'zones.json'));
  assert.deepStrictEqual(left.zones.map(z => z.id), [id]);
  console.log(JSON.stringify({ ok: 'npm keycdn 0.2.2', zone: id, referrer: referrerId, remaining: lastRemaining }));
})().catch(e => { console.error('FAILED', e); process.exit(1); });
