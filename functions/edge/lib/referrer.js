'use strict';

/** The host of a Referer value, lower case; '' when there is none or it does not parse. */
function refererHost(referer) {
  if (typeof referer !== 'string' || referer.trim() === '') return '';
  try {
    return new URL(referer.trim()).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/** A zone referrer is a hostname, or `*.hostname` for every host under it (not the hostname itself). */
function matchesReferrer(host, name) {
  const entry = String(name).trim().toLowerCase();
  if (entry.startsWith('*.')) return host.endsWith(entry.slice(1));
  return host === entry;
}

/**
 * 403 or null. With no zone referrer there is no rule. With some: an empty Referer passes only when
 * allowemptyreferrer is enabled; otherwise the referer's host must match one (blockreferrer disabled: an allow list)
 * or must match none (blockreferrer enabled: a block list).
 */
function checkReferrer({ referer, referrers, allowEmpty, blockListed }) {
  if (!Array.isArray(referrers) || referrers.length === 0) return null;
  const empty = typeof referer !== 'string' || referer.trim() === '';
  if (empty) return allowEmpty ? null : 403;
  const host = refererHost(referer);
  const matched = host !== '' && referrers.some((name) => matchesReferrer(host, name));
  if (blockListed) return matched ? 403 : null;
  return matched ? null : 403;
}

module.exports = { checkReferrer, refererHost, matchesReferrer };
