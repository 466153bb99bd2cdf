'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { isBadBot } = require('../lib/bad-bots');
const { queryParam, withoutParams } = require('../lib/query');

test('known bad bots are recognised in any case; browsers, search engines and curl are not', () => {
  assert.equal(isBadBot('Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)'), true);
  assert.equal(isBadBot('Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)'), true);
  assert.equal(isBadBot('mozilla/5.0 (compatible; mj12bot/v1.4.8)'), true);
  assert.equal(isBadBot('Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)'), true);
  assert.equal(isBadBot('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'), false);
  assert.equal(isBadBot('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'), false);
  assert.equal(isBadBot('curl/8.5.0'), false);
  assert.equal(isBadBot(undefined), false);
});

test('query parameters are read decoded and removed without touching the others', () => {
  const qs = 'w=400&token=q-WgpqFb9l7AnDSAwwKgow&name=a%20b+c&expire=1893456000&token=again';
  assert.equal(queryParam(qs, 'token'), 'q-WgpqFb9l7AnDSAwwKgow');
  assert.equal(queryParam(qs, 'name'), 'a b c');
  assert.equal(queryParam(qs, 'missing'), undefined);
  assert.equal(queryParam('flag', 'flag'), '');
  assert.equal(withoutParams(qs, ['token', 'expire']), 'w=400&name=a%20b+c');
  assert.equal(withoutParams('token=x&expire=1', ['token', 'expire']), '');
  assert.equal(withoutParams('', ['token']), '');
  assert.equal(queryParam('bad=%E0%A4%A', 'bad'), '%E0%A4%A', 'an undecodable value stays as sent');
});
