'use strict';
const crypto = require('node:crypto');

// KeyCDN "Secure Token for Access Control" (https://www.keycdn.com/support/secure-token):
// token = base64url-without-padding(md5(path + secret + expire)); with securetokenip, the client IP is appended
// after expire (our reading: the seed's "The IP of the client will be part of Secure Token").
const TOKEN_LENGTH = 22; // 16 bytes of md5, base64 without padding

function keycdnToken(path, secret, expire, ip) {
  const input = path + secret + String(expire) + (ip || '');
  return crypto.createHash('md5').update(input, 'utf8').digest('base64url');
}

function sameToken(expected, given) {
  if (typeof given !== 'string' || given.length !== TOKEN_LENGTH) return false;
  return crypto.timingSafeEqual(Buffer.from(expected, 'utf8'), Buffer.from(given, 'utf8'));
}

/**
 * The status refusing the request, or null to let it through. A forged token gets 403 whatever its expire, so
 * 410 (expired) is only ever told to the holder of a genuine token.
 */
function checkSecureToken({ path, token, expire, secret, bindIp = false, ip, nowSeconds }) {
  if (typeof secret !== 'string' || secret === '') return 403; // enabled without a key: fail closed
  if (bindIp && (typeof ip !== 'string' || ip === '')) return 403;
  if (typeof expire !== 'string' || !/^[0-9]{1,12}$/.test(expire)) return 403;
  if (!sameToken(keycdnToken(path, secret, expire, bindIp ? ip : ''), token)) return 403;
  if (nowSeconds > Number(expire)) return 410;
  return null;
}

module.exports = { keycdnToken, checkSecureToken };
