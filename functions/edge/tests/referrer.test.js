'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { checkReferrer, refererHost, matchesReferrer } = require('../lib/referrer');

const referrers = ['example.com', '*.partner.org'];
const allowList = (referer, allowEmpty = true) => checkReferrer({ referer, referrers, allowEmpty, blockListed: false });
const blockList = (referer, allowEmpty = true) => checkReferrer({ referer, referrers, allowEmpty, blockListed: true });

test('no zone referrer: no rule, whatever the referer', () => {
  for (const blockListed of [false, true]) {
    for (const allowEmpty of [false, true]) {
      assert.equal(checkReferrer({ referer: 'https://evil.test/', referrers: [], allowEmpty, blockListed }), null);
      assert.equal(checkReferrer({ referer: undefined, referrers: [], allowEmpty, blockListed }), null);
    }
  }
});

test('allow list: a listed host passes, any other is 403', () => {
  assert.equal(allowList('https://example.com/page'), null);
  assert.equal(allowList('http://EXAMPLE.com:8080/x'), null);
  assert.equal(allowList('https://cdn.partner.org/'), null);
  assert.equal(allowList('https://a.b.partner.org/'), null);
  assert.equal(allowList('https://partner.org/'), 403, 'a wildcard covers hosts under the name, not the name');
  assert.equal(allowList('https://www.example.com/'), 403);
  assert.equal(allowList('https://example.com.evil.test/'), 403);
  assert.equal(allowList('https://notpartner.org/'), 403);
  assert.equal(allowList('not a url'), 403);
});

test('allowemptyreferrer decides an empty or missing referer, in both modes', () => {
  for (const rule of [allowList, blockList]) {
    assert.equal(rule(undefined, true), null);
    assert.equal(rule('', true), null);
    assert.equal(rule(undefined, false), 403);
    assert.equal(rule('  ', false), 403);
  }
});

test('blockreferrer: a listed host is 403, any other passes', () => {
  assert.equal(blockList('https://example.com/'), 403);
  assert.equal(blockList('https://x.partner.org/'), 403);
  assert.equal(blockList('https://www.example.com/'), null);
  assert.equal(blockList('https://elsewhere.test/'), null);
});

test('helpers', () => {
  assert.equal(refererHost('https://Foo.Example.com:443/a?b'), 'foo.example.com');
  assert.equal(refererHost('garbage'), '');
  assert.equal(matchesReferrer('a.example.com', '*.example.com'), true);
  assert.equal(matchesReferrer('example.com', '*.example.com'), false);
});
