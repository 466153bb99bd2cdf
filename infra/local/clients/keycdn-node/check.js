// Drives the npm keycdn 0.2.2 client against a Nimbus gateway (infra/local/run prints a keycdn key):
//   npm install && node check.js http://127.0.0.1:3000 sk_prod_...
// Manual, not part of CI (it needs the npm registry). Exits non-zero on the first mismatch.
const assert = require('assert');
const KeyCDN = require('keycdn');
const [base, key] = process.argv.slice(2);
const cdn = new KeyCDN(key);
cdn.apiServer = base.replace(/\/?$/, '/');
const call = (fn, ...args) => new Promise((resolve, reject) =>
  cdn[fn](...args, (err, data) => (err ? reject(err) : resolve(data))));
(async () => {
  const name = 'npm' + Date.now().toString(36);
  const added = await call('post', 'zones.json', { name, type: 'pull', originurl: 'https://example.com' });
  assert.strictEqual(added.status, 'success');
  assert.strictEqual(added.description, 'Zone successfully added.');
  const id = added.data.zone.id;
  assert.strictEqual(typeof id, 'string');
  assert.ok(added.remaining !== undefined, 'x-rate-limit-remaining read');
  const list = await call('get', 'zones.json');
  assert.ok(list.data.zones.some(z => z.id === id));
  const view = await call('get', `zones/${id}.json`);
  assert.strictEqual(view.data.zone.name, name);
  const edited = await call('put', `zones/${id}.json`, 'expire=43200');
  assert.strictEqual(edited.data.zone.expire, '43200');
  const posted = await call('post', `zones/${id}.json`, { cors: 'enabled' });
  assert.strictEqual(posted.data.zone.cors, 'enabled');
  await assert.rejects(call('get', 'zones/999999999.json'), /Access denied/);
  await assert.rejects(call('post', 'zones.json', { name: 'x', type: 'pull' }), /originurl/);
  const deleted = await call('del', `zones/${id}.json`);
  assert.deepStrictEqual(deleted.data, []);
  const bad = new KeyCDN('sk_prod_nope'); bad.apiServer = cdn.apiServer;
  await assert.rejects(new Promise((res, rej) => bad.get('zones.json', (e, d) => (e ? rej(e) : res(d)))), /invalid API key/);
  console.log('npm keycdn 0.2.2: OK (remaining ' + deleted.remaining + ')');
})().catch(e => { console.error('FAILED', e); process.exit(1); });
