'use strict';
const { header, setHeader } = require('./cf');

// ResCDN's table (seeds/rescdn-api.txt): used only when the origin gave no Content-Type.
const CONTENT_TYPES = {
  '.css': 'text/css',
  '.js': 'application/javascript',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};
const HOUR = 3600;
const DAY = 24 * HOUR;
// KeyCDN's expire applies only to these statuses (seeds/keycdn-api.txt); so do the default TTLs.
const CACHEABLE_STATUSES = new Set([200, 201, 204, 206, 301, 302, 303, 304, 307]);

function contentTypeFor(path) {
  const match = /(\.[A-Za-z0-9]+)$/.exec(path || '');
  return match ? CONTENT_TYPES[match[1].toLowerCase()] : undefined;
}

/** ResCDN's default TTL in seconds for a content type: CSS/JS 24 h, fonts 7 d, images 24 h; else undefined. */
function defaultTtlFor(contentType) {
  const type = String(contentType || '').split(';')[0].trim().toLowerCase();
  if (type === 'text/css' || type === 'application/javascript' || type === 'text/javascript') return DAY;
  if (type.startsWith('font/')) return 7 * DAY;
  if (type.startsWith('image/')) return DAY;
  return undefined;
}

const httpDate = (ms) => new Date(ms).toUTCString();

/**
 * The Cache-Control and Expires to set, or {} to keep the origin's. expire (minutes, KeyCDN): -1 no-cache,
 * >0 max-age of that many minutes, 0 as the origin sent it; with 0 and no caching headers from the origin,
 * ResCDN's default TTL for the type.
 */
function cacheHeaders({ expire, status, originCacheControl, originExpires, contentType, nowMs }) {
  if (!CACHEABLE_STATUSES.has(Number(status))) return {};
  const minutes = Number.parseInt(expire ?? '0', 10);
  if (minutes === -1) return { 'Cache-Control': 'no-cache', Expires: httpDate(nowMs - 1000) };
  if (minutes > 0) {
    return { 'Cache-Control': `max-age=${minutes * 60}`, Expires: httpDate(nowMs + minutes * 60_000) };
  }
  if (originCacheControl || originExpires) return {};
  const ttl = defaultTtlFor(contentType);
  return ttl ? { 'Cache-Control': `max-age=${ttl}` } : {};
}

/** The response with the zone's header rules applied (a copy; the input is left as it is). */
function applyResponseRules(response, zone, { viewerPath, nowMs, download }) {
  const headers = { ...response.headers };
  const settings = zone.settings || {};
  let contentType = header(headers, 'content-type');
  if (!contentType) {
    contentType = contentTypeFor(viewerPath);
    if (contentType) setHeader(headers, 'Content-Type', contentType);
  }
  const caching = cacheHeaders({
    expire: settings.expire,
    status: response.status,
    originCacheControl: header(headers, 'cache-control'),
    originExpires: header(headers, 'expires'),
    contentType,
    nowMs,
  });
  for (const [key, value] of Object.entries(caching)) setHeader(headers, key, value);
  if (settings.cors === 'enabled') setHeader(headers, 'Access-Control-Allow-Origin', '*');
  if (download) setHeader(headers, 'Content-Disposition', download); // a grant with "d":1
  else if (settings.forcedownload === 'enabled') setHeader(headers, 'Content-Disposition', 'attachment');
  if (settings.cachecanonical === 'enabled' && zone.originUrl) {
    setHeader(headers, 'Link', `<${zone.originUrl.replace(/\/+$/, '')}${viewerPath}>; rel="canonical"`);
  }
  return { ...response, headers };
}

// Hack Club's public file URLs: CORS * and long-lived caching (a file's bytes never change under its id).
const IMMUTABLE = 'public, max-age=31536000, immutable';
const FILE_STATUSES = new Set([200, 206, 304]);

/**
 * A files-host response: Access-Control-Allow-Origin *; a file (200, 206, 304) cached a year, immutable; an error
 * not stored. `download` (the Content-Disposition a grant with "d":1 asked for) makes it an attachment, kept from
 * shared caches (private, no-store).
 */
function applyFilesRules(response, { download }) {
  const headers = { ...response.headers };
  setHeader(headers, 'Access-Control-Allow-Origin', '*');
  if (download) {
    setHeader(headers, 'Content-Disposition', download);
    setHeader(headers, 'Cache-Control', 'private, no-store');
  } else {
    setHeader(headers, 'Cache-Control', FILE_STATUSES.has(Number(response.status)) ? IMMUTABLE : 'no-store');
  }
  return { ...response, headers };
}

/** Splits a rewritten URI `/{zoneId}/rest` into the zone id and the viewer's path `/rest`. */
function splitZoneUri(uri) {
  const match = /^\/([^/]+)(\/.*)?$/.exec(uri || '');
  return match ? { zoneId: match[1], viewerPath: match[2] || '/' } : null;
}

module.exports = { contentTypeFor, defaultTtlFor, cacheHeaders, applyResponseRules, applyFilesRules, splitZoneUri, CONTENT_TYPES, IMMUTABLE };
