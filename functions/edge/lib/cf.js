'use strict';
// CloudFront event helpers: headers are { lowercase: [{ key, value }] }.

function header(headers, name) {
  const entries = headers && headers[name.toLowerCase()];
  return entries && entries.length ? entries[0].value : undefined;
}

function setHeader(headers, key, value) {
  headers[key.toLowerCase()] = [{ key, value }];
}

function removeHeader(headers, name) {
  delete headers[name.toLowerCase()];
}

const REASONS = { 200: 'OK', 301: 'Moved Permanently', 403: 'Forbidden', 404: 'Not Found', 410: 'Gone', 451: 'Unavailable For Legal Reasons', 503: 'Service Unavailable' };

/** A response generated at the edge (never cached by the viewer). */
function generated(status, body, extraHeaders = {}) {
  const headers = {};
  setHeader(headers, 'Content-Type', 'text/plain; charset=utf-8');
  setHeader(headers, 'Cache-Control', 'no-store');
  for (const [key, value] of Object.entries(extraHeaders)) setHeader(headers, key, value);
  return { status: String(status), statusDescription: REASONS[status] || '', headers, body };
}

/** The host name alone: lower case, without port or trailing dot. */
function normalizeHost(host) {
  if (typeof host !== 'string') return '';
  let name = host.trim().toLowerCase();
  if (name.startsWith('[')) return name; // IPv6 literal: never a zone host
  name = name.replace(/:\d*$/, '').replace(/\.$/, '');
  return name;
}

module.exports = { header, setHeader, removeHeader, generated, normalizeHost };
