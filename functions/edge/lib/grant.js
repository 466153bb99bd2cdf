'use strict';
const crypto = require('node:crypto');

// Grant tokens (the edge contract): token = b64url(payloadJson) + "." + b64url(HMAC-SHA256(key, b64url(payloadJson))),
// payload {"z": zoneId, "p": path, "e": expiresEpochSeconds, "g": grantId, "d": 1 (optional: serve as attachment)}.
// The HMAC key is the zone's grantKey decoded from base64url (32 random bytes). A `p` ending in "/" is a prefix
// (every path under it); any other `p` names exactly one path.
const KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/; // 32 bytes, base64url without padding
const TOKEN_PATTERN = /^([A-Za-z0-9_-]{8,2048})\.([A-Za-z0-9_-]{43})$/;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The HMAC key of a zone's grantKey, or null when it has none or it is not 32 bytes of base64url. */
function grantKeyBytes(grantKey) {
  return typeof grantKey === 'string' && KEY_PATTERN.test(grantKey) ? Buffer.from(grantKey, 'base64url') : null;
}

function signature(keyBytes, encodedPayload) {
  return crypto.createHmac('sha256', keyBytes).update(encodedPayload, 'utf8').digest('base64url');
}

/** A token for `payload` ({ z, p, e, g, d? }) under the zone's grantKey (what the Java GrantTokens signs). */
function signGrant(payload, grantKey) {
  const keyBytes = grantKeyBytes(grantKey);
  if (!keyBytes) throw new TypeError('grantKey must be 32 bytes of base64url');
  const body = { z: payload.z, p: payload.p, e: payload.e, g: payload.g };
  if (payload.d === 1) body.d = 1;
  const encoded = Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
  return `${encoded}.${signature(keyBytes, encoded)}`;
}

/** The payload of a well-formed, correctly signed token, or null. The signature is compared in constant time. */
function openGrant(token, grantKey) {
  const keyBytes = grantKeyBytes(grantKey);
  if (!keyBytes || typeof token !== 'string') return null;
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  const expected = Buffer.from(signature(keyBytes, match[1]), 'utf8');
  const given = Buffer.from(match[2], 'utf8');
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  let payload;
  try {
    payload = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const ok = payload !== null && typeof payload === 'object' && !Array.isArray(payload)
    && typeof payload.z === 'string' && typeof payload.p === 'string' && payload.p.startsWith('/')
    && Number.isSafeInteger(payload.e) && payload.e >= 0
    && typeof payload.g === 'string' && payload.g.length > 0 && payload.g.length <= 128
    && (payload.d === undefined || payload.d === 0 || payload.d === 1);
  return ok ? payload : null;
}

function pathMatches(granted, path) {
  return granted === path || (granted.endsWith('/') && path.startsWith(granted));
}

/** The creation time (ms) of a UUIDv7 grant id, or null for any other id. */
function uuidV7Millis(id) {
  return UUID_V7.test(id) ? Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16) : null;
}

/**
 * Checks a grant for a request of `path` (the viewer's path) on `zone`: { status } refusing it (403: malformed,
 * forged, another zone's, another path's, revoked or issued before grantsNotBefore; 410: genuine but expired), or
 * { grant } (the payload). A token is valid up to and including its `e` second. As for KeyCDN's token, 410 is told
 * only to the holder of an otherwise valid grant.
 */
function checkGrant({ token, zone, path, nowSeconds }) {
  const grant = openGrant(token, zone && zone.grantKey);
  if (!grant || grant.z !== zone.id || !pathMatches(grant.p, path)) return { status: 403 };
  if (Array.isArray(zone.revokedGrants) && zone.revokedGrants.includes(grant.g)) return { status: 403 };
  if (typeof zone.grantsNotBefore === 'number') {
    const issued = uuidV7Millis(grant.g);
    if (issued === null || issued < zone.grantsNotBefore * 1000) return { status: 403 };
  }
  if (nowSeconds > grant.e) return { status: 410 };
  return { grant };
}

/** True when the zone lists a protected path prefix that `path` is under. */
function isProtected(zone, path) {
  return Array.isArray(zone.protectedPaths)
    && zone.protectedPaths.some((prefix) => typeof prefix === 'string' && prefix !== '' && path.startsWith(prefix));
}

module.exports = { signGrant, openGrant, checkGrant, isProtected, pathMatches, uuidV7Millis, grantKeyBytes };

/** The zone id a token claims, read without checking anything: only to know which zone's key checks it. */
function claimedZone(token) {
  const match = typeof token === 'string' ? TOKEN_PATTERN.exec(token) : null;
  if (!match) return null;
  try {
    const payload = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8'));
    return payload && typeof payload.z === 'string' ? payload.z : null;
  } catch {
    return null;
  }
}

module.exports.claimedZone = claimedZone;
