'use strict';

/** The edge cannot tell what a zone allows: the request is refused (503), never served. */
class ConfigUnavailable extends Error {}

const hostKey = (host) => `hosts/${host}.json`;
const zoneKey = (id) => `zones/${id}.json`;

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parse(key, text) {
  try {
    return JSON.parse(Buffer.isBuffer(text) ? text.toString('utf8') : text);
  } catch {
    throw new ConfigUnavailable(`${key} is not JSON`);
  }
}

const optional = (value, check) => value === undefined || value === null || check(value);

function checkZone(key, id, doc) {
  const ok = isPlainObject(doc) && doc.id === id
    && (doc.settings === undefined || doc.settings === null || isPlainObject(doc.settings))
    && (doc.referrers === undefined || doc.referrers === null || Array.isArray(doc.referrers))
    && (doc.aliases === undefined || doc.aliases === null || Array.isArray(doc.aliases))
    && (doc.testMode === undefined || typeof doc.testMode === 'boolean')
    && optional(doc.grantKey, (v) => typeof v === 'string')
    && optional(doc.revokedGrants, (v) => Array.isArray(v) && v.every((g) => typeof g === 'string'))
    && optional(doc.protectedPaths, (v) => Array.isArray(v) && v.every((p) => typeof p === 'string'))
    && optional(doc.grantsNotBefore, (v) => Number.isFinite(v));
  if (!ok) throw new ConfigUnavailable(`${key} is not a zone document`);
  return { ...doc, settings: doc.settings || {}, referrers: doc.referrers || [], aliases: doc.aliases || [] };
}

/**
 * Reads the two small documents a host needs (hosts/<host>.json, then zones/<id>.json) through fetchDocument(key),
 * which resolves to the document's text, or null when there is none, and rejects when the store cannot answer.
 * Answers, found or not, are kept ttlMs; failures are not kept, so the next request asks again.
 */
function createZoneConfigReader({ fetchDocument, ttlMs = 30_000, maxEntries = 5_000, now = Date.now }) {
  if (typeof fetchDocument !== 'function') throw new TypeError('fetchDocument is required');
  const cache = new Map(); // key -> { expiresAt, value: Promise }

  function cached(key, load) {
    const hit = cache.get(key);
    if (hit && hit.expiresAt > now()) return hit.value;
    if (hit) cache.delete(key);
    const value = load().catch((error) => {
      cache.delete(key);
      throw error instanceof ConfigUnavailable ? error : new ConfigUnavailable(`${key}: ${error && error.message}`);
    });
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value); // oldest first
    cache.set(key, { expiresAt: now() + ttlMs, value });
    return value;
  }

  const read = (key) => cached(key, async () => {
    const text = await fetchDocument(key);
    return text === null || text === undefined ? null : parse(key, text);
  });

  async function zoneById(id) {
    if (typeof id !== 'string' || !/^[A-Za-z0-9_.-]{1,128}$/.test(id)) return null;
    const doc = await read(zoneKey(id));
    return doc === null ? null : checkZone(zoneKey(id), id, doc);
  }

  /** The zone serving this (normalized) host, or null when none does. */
  async function zoneForHost(host) {
    if (typeof host !== 'string' || !/^[a-z0-9.-]{1,253}$/.test(host)) return null;
    const entry = await read(hostKey(host));
    if (entry === null) return null;
    if (!isPlainObject(entry) || typeof entry.zone !== 'string') {
      throw new ConfigUnavailable(`${hostKey(host)} is not a host document`);
    }
    const zone = await zoneById(entry.zone);
    // a host document older than its zone's (the alias moved or was removed): the zone no longer has this host
    if (zone === null || (zone.hostname !== host && !zone.aliases.includes(host))) return null;
    return zone;
  }

  return { zoneForHost, zoneById };
}

module.exports = { createZoneConfigReader, ConfigUnavailable, hostKey, zoneKey };
