'use strict';
// Edge throughput: checks per second on one core, plain node, no dependencies. Run: node bench/throughput.js
// [--rounds N] [--ms M]. Each case runs for M ms per round (after a warm-up round); the median of N rounds is
// reported, with its ratio to (a), the trivial pass-through handler.
const { checkSecureToken, keycdnToken } = require('../lib/secure-token');
const { checkGrant, signGrant } = require('../lib/grant');
const { createViewerRequestHandler } = require('../viewer-request');
const { fakeStore, readerFor, viewerRequestEvent, zoneDocument, VECTOR } = require('../tests/fixtures');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg('--rounds', 7);
const MS = arg('--ms', 400);

const NOW_S = 1893455000;
const zone = zoneDocument({
  id: '7',
  hostname: 'pics-1a.nimbus.test',
  settings: { blockbadbots: 'enabled', blockHeadless: 'true', securetoken: 'disabled', cors: 'enabled' },
  referrers: ['example.com', '*.example.org'],
  grantKey: VECTOR.key,
  protectedPaths: ['/private/'],
  revokedGrants: ['0190a1b2-c3d4-7e5f-8a9b-000000000001'],
});
const grant = signGrant({ z: '7', p: '/private/report.pdf', e: NOW_S + 300, g: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c' }, VECTOR.key);
const keycdn = { path: '/path/to/file1.jpg', secret: 'securetokenkey', expire: '1893456000' };
keycdn.token = keycdnToken(keycdn.path, keycdn.secret, keycdn.expire);
const handle = createViewerRequestHandler({ reader: readerFor(fakeStore([zone])), now: () => NOW_S * 1000 });
const fullEvent = () => viewerRequestEvent({
  uri: '/private/report.pdf',
  querystring: `w=200&grant=${grant}`,
  headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0', Referer: 'https://www.example.org/page' },
});
const passThrough = async (event) => event.Records[0].cf.request;

const CASES = [
  ['(a) pass-through handler', () => passThrough(fullEvent())],
  ['(b) KeyCDN token check alone', () => checkSecureToken({ ...keycdn, token: keycdn.token, nowSeconds: NOW_S })],
  ['(c) grant check alone', () => checkGrant({ token: grant, zone, path: '/private/report.pdf', nowSeconds: NOW_S })],
  ['(d) full viewer-request (grant, bots, headless, referrer; in-memory config)', () => handle(fullEvent())],
];

async function round(fn, ms) {
  let n = 0;
  const end = process.hrtime.bigint() + BigInt(ms) * 1_000_000n;
  const start = process.hrtime.bigint();
  while (process.hrtime.bigint() < end) {
    for (let i = 0; i < 200; i++) await fn(); // every case is awaited, so (a) pays the same promise cost as (d)
    n += 200;
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  // sanity: every case does what it claims
  if (checkSecureToken({ ...keycdn, token: keycdn.token, nowSeconds: NOW_S }) !== null) throw new Error('token case refuses');
  if (!checkGrant({ token: grant, zone, path: '/private/report.pdf', nowSeconds: NOW_S }).grant) throw new Error('grant case refuses');
  if ((await handle(fullEvent())).uri !== '/7/private/report.pdf') throw new Error('full case refuses');
  const results = [];
  for (const [name, fn] of CASES) {
    await round(fn, MS); // warm-up
    const rates = [];
    for (let r = 0; r < ROUNDS; r++) rates.push(await round(fn, MS));
    results.push({ name, perSecond: median(rates) });
  }
  const base = results[0].perSecond;
  console.log(`node ${process.version}, ${ROUNDS} rounds of ${MS} ms, median checks per second (one core)\n`);
  console.log('| case | checks/s | µs each | ratio to (a) |');
  console.log('|---|---:|---:|---:|');
  for (const { name, perSecond } of results) {
    console.log(`| ${name} | ${Math.round(perSecond).toLocaleString('en-US')} | ${(1e6 / perSecond).toFixed(2)} | ${(perSecond / base).toFixed(3)} |`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
