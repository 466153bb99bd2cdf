'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { defaultReader, loadEdgeSettings } = require('../lib/default-reader');
const { ConfigUnavailable } = require('../lib/zone-config');
const { createViewerRequestHandler } = require('../viewer-request');
const { viewerRequestEvent } = require('./fixtures');

test('edge-config.json gives the bucket and region; a missing or partial file gives nothing', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-config-'));
  const good = path.join(dir, 'good.json');
  fs.writeFileSync(good, JSON.stringify({ bucket: 'nimbus-edge-config', region: 'eu-west-1' }));
  const partial = path.join(dir, 'partial.json');
  fs.writeFileSync(partial, JSON.stringify({ region: 'eu-west-1' }));
  assert.deepEqual(loadEdgeSettings(good), { bucket: 'nimbus-edge-config', region: 'eu-west-1' });
  assert.equal(loadEdgeSettings(partial), null);
  const withFiles = path.join(dir, 'files.json');
  fs.writeFileSync(withFiles, JSON.stringify({ bucket: 'b', region: 'eu-west-1', filesHost: 'cdn.example.com' }));
  assert.equal(loadEdgeSettings(withFiles).filesHost, 'cdn.example.com');
  const badFiles = path.join(dir, 'bad-files.json');
  fs.writeFileSync(badFiles, JSON.stringify({ bucket: 'b', region: 'eu-west-1', filesHost: 7 }));
  assert.equal(loadEdgeSettings(badFiles), null, 'a filesHost that is not a host name fails closed');
  assert.equal(loadEdgeSettings(path.join(dir, 'absent.json')), null);
});

test('without edge-config.json every request is refused with 503 (no AWS call is made)', async () => {
  const settings = loadEdgeSettings(path.join(os.tmpdir(), 'no-such-edge-config.json'));
  const reader = defaultReader(settings);
  await assert.rejects(reader.zoneForHost('pics-1a.nimbus.test'), ConfigUnavailable);
  const handle = createViewerRequestHandler({ reader, settings });
  assert.equal((await handle(viewerRequestEvent())).status, '503');
});
