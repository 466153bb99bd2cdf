'use strict';
// The local edge: plays CloudFront in front of the local stack (see docs/edge.md, "Local edge"). It runs the real
// Lambda@Edge handlers from functions/edge in CloudFront's order with CloudFront's event shapes, caches by the cache
// key, fetches from S3 (moto) or a pull zone's custom origin, answers CloudFront's invalidation API for its
// distribution and writes standard access logs into the logs bucket. No npm dependencies.
const http = require('node:http');
const https = require('node:https');
const zlib = require('node:zlib');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const env = process.env;
const config = {
  host: env.NIMBUS_EDGE_BIND || '127.0.0.1',
  port: Number(env.NIMBUS_EDGE_PORT || 8080),
  s3: (env.AWS_ENDPOINT_URL || 'http://127.0.0.1:5000').replace(/\/+$/, ''),
  assetsBucket: env.NIMBUS_ASSETS_BUCKET || 'nimbus-assetsbucket',
  edgeConfigBucket: env.NIMBUS_EDGE_CONFIG_BUCKET || 'nimbus-edgeconfigbucket',
  logsBucket: env.NIMBUS_LOGS_BUCKET || 'nimbus-logsbucket',
  distributionId: env.NIMBUS_DISTRIBUTION_ID || 'ELOCAL',
  filesHost: env.NIMBUS_EDGE_FILES_HOST || 'cdn.localhost',
  configTtlMs: Number(env.NIMBUS_EDGE_CONFIG_TTL_MS || 5000),
  logIntervalMs: Number(env.NIMBUS_EDGE_LOG_INTERVAL_MS || 5000),
  defaultTtl: Number(env.NIMBUS_EDGE_DEFAULT_TTL || 86400),
  maxTtl: Number(env.NIMBUS_EDGE_MAX_TTL || 31536000),
  handlers: env.NIMBUS_EDGE_HANDLERS || path.join(__dirname, '..', '..', '..', 'functions', 'edge'),
};
const API_VERSION = '2020-05-31';
const CF_NS = `http://cloudfront.amazonaws.com/doc/${API_VERSION}/`;
const POP = 'LCL50-C1'; // x-edge-location / X-Amz-Cf-Pop: a made-up point of presence
const distributionDomain = `${config.distributionId.toLowerCase()}.cloudfront.net`;

// ---------------------------------------------------------------------------------------------------- S3 (moto)
// Path-style and unsigned: moto does not check signatures, but finds the service from the Authorization header's
// credential scope when the host does not name it, so the header names s3 and its signature is a dummy.
const S3_AUTH = 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0';
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function s3Request(method, bucket, encodedKey, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const url = new URL(`${config.s3}/${bucket}/${encodedKey}`);
    const req = http.request(url, { method, headers: { Authorization: S3_AUTH, ...headers }, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('socket', (socket) => socket.setNoDelay(true));
    req.on('error', reject);
    req.end(body);
  });
}

const encodeKey = (key) => key.split('/').map(encodeURIComponent).join('/');

/** The handlers' fetchDocument: the document's text, null when absent, a rejection when the store fails. */
async function fetchDocument(key) {
  const res = await s3Request('GET', config.edgeConfigBucket, encodeKey(key));
  if (res.status === 200) return res.body.toString('utf8');
  if (res.status === 404) return null;
  throw new Error(`edge config bucket answered ${res.status} for ${key}`);
}

// ----------------------------------------------------------------------------------------------------- handlers
const { createZoneConfigReader } = require(path.join(config.handlers, 'lib', 'zone-config.js'));
const reader = createZoneConfigReader({ fetchDocument, ttlMs: config.configTtlMs });
const settings = { bucket: config.edgeConfigBucket, region: 'us-east-1', filesHost: config.filesHost };

/** A handler file's factory, called with { reader, now, settings }; null when the file is not there. */
function loadHandler(file, factory) {
  const full = path.join(config.handlers, file);
  if (!fs.existsSync(full)) return null;
  const mod = require(full);
  if (typeof mod[factory] === 'function') return mod[factory]({ reader, now: Date.now, settings });
  return mod.handler;
}
const handlers = {
  viewerRequest: loadHandler('viewer-request.js', 'createViewerRequestHandler'),
  originRequest: loadHandler('origin-request.js', 'createOriginRequestHandler'),
  originResponse: loadHandler('origin-response.js', 'createOriginResponseHandler'),
};

function cfConfig(eventType, requestId) {
  return { distributionDomainName: distributionDomain, distributionId: config.distributionId, eventType, requestId };
}

const requestEvent = (eventType, requestId, request) => ({ Records: [{ cf: { config: cfConfig(eventType, requestId), request } }] });

const isResponse = (value) => value && typeof value === 'object' && value.status !== undefined && value.uri === undefined;

// ------------------------------------------------------------------------------------------- header conversions
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/** Node's raw header list as CloudFront's { lowercase: [{ key, value }] }. */
function toCfHeaders(rawHeaders) {
  const headers = {};
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const key = rawHeaders[i];
    const name = key.toLowerCase();
    if (HOP_BY_HOP.has(name)) continue;
    (headers[name] = headers[name] || []).push({ key, value: rawHeaders[i + 1] });
  }
  return headers;
}

function cfHeader(headers, name) {
  const entries = headers && headers[name];
  return entries && entries.length ? entries[0].value : undefined;
}

function setCfHeader(headers, key, value) {
  headers[key.toLowerCase()] = [{ key, value: String(value) }];
}

// ------------------------------------------------------------------------------------------------------- cache
// key -> { uri, status, statusDescription, headers (cf form), body (Buffer), storedAt ms, expiresAt ms, originAge s }
const cache = new Map();

const cacheKey = (uri, querystring, proto) => `${uri}?${querystring || ''}|${proto}`;

const CACHEABLE = new Set([200, 203, 300, 301, 404, 410]);

/** How long CloudFront would keep this response (s), per the cache policy: 0 = not cached. */
function ttlOf(status, headers, now) {
  if (!CACHEABLE.has(status)) return 0;
  const cc = (cfHeader(headers, 'cache-control') || '').toLowerCase();
  const directives = {};
  for (const part of cc.split(',')) {
    const [name, value] = part.trim().split('=');
    if (name) directives[name] = value === undefined ? true : value.replace(/"/g, '');
  }
  if (directives['no-store'] || directives['no-cache'] || directives.private) return 0;
  let ttl;
  if (directives['s-maxage'] !== undefined) ttl = Number(directives['s-maxage']);
  else if (directives['max-age'] !== undefined) ttl = Number(directives['max-age']);
  else if (cfHeader(headers, 'expires') !== undefined) {
    const expires = Date.parse(cfHeader(headers, 'expires'));
    const date = Date.parse(cfHeader(headers, 'date') || '') || now;
    ttl = Number.isNaN(expires) ? 0 : Math.floor((expires - date) / 1000);
  } else if (status === 404) {
    return 0; // an error without caching headers is not kept (CloudFront would keep it its error caching TTL)
  } else {
    ttl = config.defaultTtl;
  }
  if (!Number.isFinite(ttl) || ttl <= 0) return 0;
  return Math.min(ttl, config.maxTtl);
}

// ------------------------------------------------------------------------------------------------------ origins
function fetchCustomOrigin(request) {
  const custom = request.origin.custom;
  const client = custom.protocol === 'https' ? https : http;
  const headers = {};
  for (const entries of Object.values(request.headers || {})) {
    for (const { key, value } of entries) {
      const name = key.toLowerCase();
      if (HOP_BY_HOP.has(name) || name === 'range' || name === 'content-length') continue;
      if (headers[key] === undefined) headers[key] = value;
    }
  }
  for (const entries of Object.values(custom.customHeaders || {})) {
    for (const { key, value } of entries) headers[key] = value;
  }
  const pathPart = `${custom.path || ''}${request.uri}${request.querystring ? `?${request.querystring}` : ''}`;
  return new Promise((resolve, reject) => {
    const req = client.request({
      method: 'GET', // HEAD at the viewer is a GET to the origin (CloudFront caches the object for both)
      host: custom.domainName,
      port: custom.port || (custom.protocol === 'https' ? 443 : 80),
      path: pathPart,
      headers,
      servername: custom.domainName,
      timeout: (custom.readTimeout || 30) * 1000,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, statusDescription: res.statusMessage || '', rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('socket', (socket) => socket.setNoDelay(true));
    req.on('timeout', () => req.destroy(new Error('origin read timeout')));
    req.on('error', reject);
    req.end();
  });
}

const S3_KEPT_HEADERS = new Set(['content-type', 'content-length', 'etag', 'last-modified', 'cache-control', 'expires',
  'content-disposition', 'content-encoding', 'content-language', 'accept-ranges']);

/** The S3 origin: key = the URI without its leading slash (passed on encoded, as CloudFront does). */
async function fetchS3Origin(request) {
  const res = await s3Request('GET', config.assetsBucket, request.uri.replace(/^\/+/, ''));
  if (res.status === 403 || res.status === 404) {
    // moto answers a missing key 404; S3 behind OAC answers 403 unless the distribution may s3:ListBucket.
    // The local edge gives the viewer 404 either way (the edge stack grants ListBucket, see docs/edge.md).
    return { status: 404, statusDescription: 'Not Found', rawHeaders: ['Content-Type', 'application/xml'], body: res.body };
  }
  const rawHeaders = [];
  for (let i = 0; i < res.rawHeaders.length; i += 2) {
    const name = res.rawHeaders[i].toLowerCase();
    if (S3_KEPT_HEADERS.has(name) || name.startsWith('x-amz-meta-')) rawHeaders.push(res.rawHeaders[i], res.rawHeaders[i + 1]);
  }
  return { status: res.status, statusDescription: http.STATUS_CODES[res.status] || '', rawHeaders, body: res.body };
}

// ------------------------------------------------------------------------------------------------ access logs
const LOG_FIELDS = ['date', 'time', 'x-edge-location', 'sc-bytes', 'c-ip', 'cs-method', 'cs(Host)', 'cs-uri-stem',
  'sc-status', 'cs(Referer)', 'cs(User-Agent)', 'cs-uri-query', 'cs(Cookie)', 'x-edge-result-type',
  'x-edge-request-id', 'x-host-header', 'cs-protocol', 'cs-bytes', 'time-taken', 'x-forwarded-for', 'ssl-protocol',
  'ssl-cipher', 'x-edge-response-result-type', 'cs-protocol-version', 'fle-status', 'fle-encrypted-fields', 'c-port',
  'time-to-first-byte', 'x-edge-detailed-result-type', 'sc-content-type', 'sc-content-len', 'sc-range-start',
  'sc-range-end'];
let logLines = []; // { hour: 'YYYY-MM-DD-HH', line }

/** CloudFront's URL-encoding of a log value: spaces, controls, non-ASCII, quotes and backslashes as %XX. */
function logValue(value) {
  if (value === undefined || value === null || value === '') return '-';
  return Buffer.from(String(value), 'utf8').toString('latin1').replace(/[^\x21-\x7e]|["\\]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function writeLogEntry(entry) {
  const at = new Date(entry.start);
  const iso = at.toISOString();
  const values = {
    date: iso.slice(0, 10),
    time: iso.slice(11, 19),
    'x-edge-location': POP,
    'cs(Host)': distributionDomain,
    'cs-protocol': 'http',
    'cs-protocol-version': entry.httpVersion,
    ...entry.fields,
  };
  const line = LOG_FIELDS.map((f) => logValue(values[f])).join('\t');
  logLines.push({ hour: `${iso.slice(0, 10)}-${iso.slice(11, 13)}`, line });
}

/** Writes what was logged since the last flush: one gzip object per hour, as CloudFront names them. */
async function flushLogs() {
  if (logLines.length === 0) return [];
  const lines = logLines;
  logLines = [];
  const byHour = new Map();
  for (const { hour, line } of lines) (byHour.get(hour) || byHour.set(hour, []).get(hour)).push(line);
  const keys = [];
  for (const [hour, hourLines] of byHour) {
    const text = `#Version: 1.0\n#Fields: ${LOG_FIELDS.join(' ')}\n${hourLines.join('\n')}\n`;
    const key = `cdn/${config.distributionId}.${hour}.${crypto.randomBytes(4).toString('hex')}.gz`;
    const body = zlib.gzipSync(Buffer.from(text, 'utf8'));
    try {
      const res = await s3Request('PUT', config.logsBucket, encodeKey(key), {
        headers: { 'Content-Type': 'application/x-gzip', 'Content-Length': body.length }, body,
      });
      if (res.status >= 300) throw new Error(`S3 answered ${res.status}`);
      keys.push(key);
    } catch (error) {
      console.error(`local edge: could not write access log ${key}: ${error.message}; kept for the next flush`);
      logLines = hourLines.map((line) => ({ hour, line })).concat(logLines);
    }
  }
  return keys;
}

// ------------------------------------------------------------------------------------- invalidation API (XML)
const invalidations = []; // newest last: { id, status, createTime, callerReference, paths }

const xmlEscape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const xmlUnescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

function invalidationXml(inv) {
  const paths = inv.paths.map((p) => `<Path>${xmlEscape(p)}</Path>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Invalidation xmlns="${CF_NS}"><Id>${inv.id}</Id><Status>${inv.status}</Status>`
    + `<CreateTime>${inv.createTime}</CreateTime><InvalidationBatch><Paths><Quantity>${inv.paths.length}</Quantity>`
    + `<Items>${paths}</Items></Paths><CallerReference>${xmlEscape(inv.callerReference)}</CallerReference>`
    + '</InvalidationBatch></Invalidation>';
}

function apiError(status, code, message) {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${CF_NS}"><Error><Type>Sender</Type>`
    + `<Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${crypto.randomUUID()}</RequestId></ErrorResponse>`;
  return { status, headers: { 'Content-Type': 'text/xml' }, body };
}

function safeDecodeUri(text) {
  try {
    return decodeURI(text);
  } catch {
    return text;
  }
}

/**
 * Clears the cache entries a path covers: a trailing * is a prefix; a path without a query string covers every
 * query string of that URI; one with a query string only that one. Compared as given and URL-decoded.
 */
function invalidate(paths) {
  let cleared = 0;
  for (const [key, entry] of cache) {
    const withQuery = entry.querystring ? `${entry.uri}?${entry.querystring}` : entry.uri;
    const candidates = [entry.uri, withQuery, safeDecodeUri(entry.uri), safeDecodeUri(withQuery)];
    const hit = paths.some((p) => {
      if (p.endsWith('*')) return candidates.some((c) => c.startsWith(p.slice(0, -1)));
      return p.includes('?') ? candidates.slice(1).includes(p) || candidates[3] === p : candidates[0] === p || candidates[2] === p;
    });
    if (hit) {
      cache.delete(key);
      cleared += 1;
    }
  }
  return cleared;
}

function invalidationApi(method, apiPath, query, body) {
  const m = /^\/2020-05-31\/distribution\/([^/]+)\/invalidation(?:\/([^/]+))?\/?$/.exec(apiPath);
  if (!m) return apiError(404, 'NotFound', 'unknown API path');
  if (m[1] !== config.distributionId) return apiError(404, 'NoSuchDistribution', 'The specified distribution does not exist.');
  if (method === 'POST' && !m[2]) {
    const text = body.toString('utf8');
    const ref = /<CallerReference>([\s\S]*?)<\/CallerReference>/.exec(text);
    const paths = [...text.matchAll(/<Path>([\s\S]*?)<\/Path>/g)].map((p) => xmlUnescape(p[1]));
    const quantity = /<Quantity>(\d+)<\/Quantity>/.exec(text);
    if (!ref || paths.length === 0 || !quantity || Number(quantity[1]) !== paths.length) {
      return apiError(400, 'MalformedInput', 'Invalid InvalidationBatch');
    }
    const callerReference = xmlUnescape(ref[1]);
    const existing = invalidations.find((i) => i.callerReference === callerReference);
    if (existing) {
      const same = existing.paths.length === paths.length && existing.paths.every((p, i) => p === paths[i]);
      if (!same) return apiError(409, 'InvalidationBatchAlreadyExists', 'The caller reference was already used with other paths.');
      return { status: 201, headers: { 'Content-Type': 'text/xml', Location: `/${API_VERSION}/distribution/${m[1]}/invalidation/${existing.id}` }, body: invalidationXml(existing) };
    }
    invalidate(paths);
    const inv = {
      id: `I${crypto.randomBytes(13).toString('hex').toUpperCase().slice(0, 25)}`,
      status: 'Completed', // the cache is cleared before the answer
      createTime: new Date().toISOString().replace(/\.\d+Z$/, '.000Z'),
      callerReference,
      paths,
    };
    invalidations.push(inv);
    return { status: 201, headers: { 'Content-Type': 'text/xml', Location: `/${API_VERSION}/distribution/${m[1]}/invalidation/${inv.id}` }, body: invalidationXml(inv) };
  }
  if (method === 'GET' && m[2]) {
    const inv = invalidations.find((i) => i.id === m[2]);
    if (!inv) return apiError(404, 'NoSuchInvalidation', 'The specified invalidation does not exist.');
    return { status: 200, headers: { 'Content-Type': 'text/xml' }, body: invalidationXml(inv) };
  }
  if (method === 'GET') {
    const maxItems = Math.max(1, Math.min(1000, Number(query.get('MaxItems') || 100)));
    const newestFirst = invalidations.slice().reverse();
    const marker = query.get('Marker') || '';
    let start = 0;
    if (marker) start = newestFirst.findIndex((i) => i.id === marker) + 1;
    const page = newestFirst.slice(start, start + maxItems);
    const truncated = start + maxItems < newestFirst.length;
    const items = page.map((i) => `<InvalidationSummary><Id>${i.id}</Id><CreateTime>${i.createTime}</CreateTime><Status>${i.status}</Status></InvalidationSummary>`).join('');
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<InvalidationList xmlns="${CF_NS}"><Marker>${xmlEscape(marker)}</Marker>`
      + (truncated ? `<NextMarker>${page[page.length - 1].id}</NextMarker>` : '')
      + `<MaxItems>${maxItems}</MaxItems><IsTruncated>${truncated}</IsTruncated><Quantity>${page.length}</Quantity>`
      + (page.length ? `<Items>${items}</Items>` : '') + '</InvalidationList>';
    return { status: 200, headers: { 'Content-Type': 'text/xml' }, body };
  }
  return apiError(405, 'MethodNotAllowed', `${method} is not supported here`);
}

// --------------------------------------------------------------------------------------------- viewer requests
/** A single byte range of `bytes=` (null: none or unusable, serve it all; 'unsatisfiable': 416). */
function parseRange(value, length) {
  if (!value) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null; // several ranges or a malformed one: the whole object
  let start;
  let end;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, length - suffix);
    end = length - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? length - 1 : Math.min(Number(m[2]), length - 1);
    if (m[2] !== '' && Number(m[2]) < start) return null;
  }
  if (start >= length) return 'unsatisfiable';
  return { start, end };
}

/** If-None-Match (weak comparison) or, without it, If-Modified-Since against the response's validators. */
function notModified(req, etag, lastModified) {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (!etag) return false;
    const bare = (tag) => tag.trim().replace(/^W\//, '');
    return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => bare(tag) === bare(etag));
  }
  const since = Date.parse(req.headers['if-modified-since'] || '');
  const modified = Date.parse(lastModified || '');
  return !Number.isNaN(since) && !Number.isNaN(modified) && modified <= since;
}

function requestId() {
  return crypto.randomBytes(42).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** Sends a response given in CloudFront's form (status, headers, body, bodyEncoding). */
function sendViewer(req, res, ctx, { status, headers, body }, resultType) {
  const out = {};
  for (const entries of Object.values(headers || {})) {
    for (const { key, value } of entries) {
      const name = key.toLowerCase();
      if (HOP_BY_HOP.has(name) || name === 'content-length') continue;
      (out[key] = out[key] || []).push(value);
    }
  }
  let payload = body;
  let rangeStart;
  let rangeEnd;
  let code = Number(status);
  const range = code === 200 && ctx.range ? parseRange(ctx.range, payload.length) : null;
  if (code === 200 && notModified(req, cfHeader(headers, 'etag'), cfHeader(headers, 'last-modified'))) {
    code = 304; // the viewer's copy is current, as CloudFront answers a conditional GET
    payload = Buffer.alloc(0);
    delete out['Content-Type'];
    delete out['content-type'];
  } else if (range === 'unsatisfiable') {
    code = 416;
    out['Content-Range'] = [`bytes */${payload.length}`];
    payload = Buffer.alloc(0);
  } else if (range) {
    code = 206;
    out['Content-Range'] = [`bytes ${range.start}-${range.end}/${payload.length}`];
    payload = payload.subarray(range.start, range.end + 1);
    rangeStart = range.start;
    rangeEnd = range.end;
  }
  if (code !== 304) out['Content-Length'] = [String(payload.length)];
  // CloudFront's words: Hit, Miss, RefreshHit, Error, Redirect, and LambdaGeneratedResponse for a handler's answer
  const xCache = ctx.detailed === 'LambdaGeneratedResponse' ? 'LambdaGeneratedResponse' : resultType;
  out['X-Cache'] = [`${xCache} from cloudfront`];
  out.Via = [`1.1 ${ctx.viaId}.cloudfront.net (CloudFront)`];
  out['X-Amz-Cf-Pop'] = [POP];
  out['X-Amz-Cf-Id'] = [ctx.requestId];
  if (ctx.age !== undefined) out.Age = [String(ctx.age)];
  const ttfb = (performance.now() - ctx.t0) / 1000;
  res.writeHead(code, Object.entries(out).flatMap(([k, vs]) => vs.flatMap((v) => [k, v])));
  res.end(req.method === 'HEAD' ? undefined : payload);
  const headerBytes = Object.entries(out).reduce((n, [k, vs]) => n + vs.reduce((m, v) => m + k.length + v.length + 4, 0), 0) + 17;
  const contentType = (out['Content-Type'] || out['content-type'] || [])[0];
  writeLogEntry({
    start: ctx.start,
    httpVersion: `HTTP/${req.httpVersion}`,
    fields: {
      'sc-bytes': headerBytes + (req.method === 'HEAD' ? 0 : payload.length),
      'c-ip': ctx.clientIp,
      'cs-method': req.method,
      'cs-uri-stem': ctx.viewerUri,
      'sc-status': code,
      'cs(Referer)': req.headers.referer,
      'cs(User-Agent)': req.headers['user-agent'],
      'cs-uri-query': ctx.viewerQuery,
      'cs(Cookie)': req.headers.cookie,
      'x-edge-result-type': resultType,
      'x-edge-request-id': ctx.requestId,
      'x-host-header': (req.headers.host || '').replace(/:\d+$/, ''), // without the port, as on AWS (443/80)
      'cs-bytes': ctx.csBytes,
      'time-taken': ((performance.now() - ctx.t0) / 1000).toFixed(3),
      'x-forwarded-for': req.headers['x-forwarded-for'],
      'x-edge-response-result-type': resultType,
      'c-port': req.socket.remotePort,
      'time-to-first-byte': ttfb.toFixed(3),
      'x-edge-detailed-result-type': ctx.detailed || resultType,
      'sc-content-type': contentType,
      'sc-content-len': payload.length,
      'sc-range-start': rangeStart,
      'sc-range-end': rangeEnd,
    },
  });
}

/** A handler's generated response as the viewer gets it: its body per bodyEncoding. */
function generatedToStored(response) {
  const body = response.body === undefined ? Buffer.alloc(0)
    : response.bodyEncoding === 'base64' ? Buffer.from(response.body, 'base64') : Buffer.from(String(response.body), 'utf8');
  return { status: Number(response.status), headers: response.headers || {}, body };
}

const generatedResultType = (status) => (status >= 400 ? 'Error' : status >= 300 ? 'Redirect' : 'Miss');

async function serveCdn(req, res, ctx) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    // the cache behaviour allows GET and HEAD only, as CloudFront answers otherwise
    ctx.detailed = 'InvalidRequestMethod';
    const body = Buffer.from('This distribution is not configured to allow the HTTP request method that was used for this request.\n');
    return sendViewer(req, res, ctx, { status: 403, headers: { 'content-type': [{ key: 'Content-Type', value: 'text/plain' }] }, body }, 'Error');
  }
  let request = {
    clientIp: ctx.clientIp,
    headers: toCfHeaders(req.rawHeaders),
    method: req.method,
    querystring: ctx.viewerQuery,
    uri: ctx.viewerUri,
  };
  delete request.headers.range; // ranges are served from the whole cached object (see docs/edge.md)
  if (handlers.viewerRequest) {
    const result = await handlers.viewerRequest(requestEvent('viewer-request', ctx.requestId, request));
    if (isResponse(result)) {
      const generated = generatedToStored(result);
      ctx.detailed = 'LambdaGeneratedResponse';
      return sendViewer(req, res, ctx, generated, generatedResultType(generated.status));
    }
    request = result;
  }
  // CloudFront adds its headers after viewer-request: the viewer's own CloudFront-Forwarded-Proto never counts.
  setCfHeader(request.headers, 'CloudFront-Forwarded-Proto', 'http');
  // what the entry is known by: the URI and query string after viewer-request (invalidation paths name these)
  const keyed = { uri: request.uri, querystring: request.querystring || '' };
  const key = cacheKey(keyed.uri, keyed.querystring, 'http');
  const now = Date.now();
  const cached = cache.get(key);
  if (cached && cached.expiresAt > now) {
    ctx.age = cached.originAge + Math.floor((now - cached.storedAt) / 1000);
    return sendViewer(req, res, ctx, cached, 'Hit');
  }
  if (cached) cache.delete(key); // stale: fetched again (no conditional revalidation, so never a RefreshHit)

  request.origin = request.origin || {
    s3: { authMethod: 'origin-access-identity', customHeaders: {}, domainName: `${config.assetsBucket}.s3.amazonaws.com`, path: '', region: 'us-east-1' },
  };
  if (handlers.originRequest) {
    const result = await handlers.originRequest(requestEvent('origin-request', ctx.requestId, request));
    if (isResponse(result)) {
      const generated = generatedToStored(result);
      store(key, keyed, generated, now);
      ctx.detailed = 'LambdaGeneratedResponse';
      return sendViewer(req, res, ctx, generated, generatedResultType(generated.status));
    }
    request = result;
  }
  let origin;
  try {
    origin = request.origin && request.origin.custom ? await fetchCustomOrigin(request) : await fetchS3Origin(request);
  } catch (error) {
    console.error(`local edge: origin failed for ${request.uri}: ${error.message}`);
    ctx.detailed = 'OriginConnectError';
    const body = Buffer.from('502 ERROR: CloudFront could not connect to the origin.\n');
    return sendViewer(req, res, ctx, { status: 502, headers: { 'content-type': [{ key: 'Content-Type', value: 'text/plain' }] }, body }, 'Error');
  }
  let response = { status: String(origin.status), statusDescription: origin.statusDescription, headers: toCfHeaders(origin.rawHeaders) };
  delete response.headers['content-length'];
  if (handlers.originResponse) {
    const event = { Records: [{ cf: { config: cfConfig('origin-response', ctx.requestId), request, response } }] };
    response = await handlers.originResponse(event);
  }
  const stored = { status: Number(response.status), headers: response.headers || {}, body: origin.body };
  store(key, keyed, stored, now, originAgeOf(response.headers));
  return sendViewer(req, res, ctx, stored, stored.status >= 400 ? 'Error' : 'Miss');
}

function originAgeOf(headers) {
  const age = Number(cfHeader(headers, 'age'));
  return Number.isFinite(age) && age > 0 ? Math.floor(age) : 0;
}

function store(key, keyed, stored, now, originAge = 0) {
  const ttl = ttlOf(stored.status, stored.headers, now);
  if (ttl <= 0) return;
  const headers = { ...stored.headers };
  delete headers.age;
  cache.set(key, { ...stored, headers, uri: keyed.uri, querystring: keyed.querystring, storedAt: now, expiresAt: now + ttl * 1000, originAge });
}

// -------------------------------------------------------------------------------------------------- the server
function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendPlain(res, status, headers, body) {
  const payload = Buffer.from(body, 'utf8');
  res.writeHead(status, { ...headers, 'Content-Length': payload.length });
  res.end(payload);
}

async function handle(req, res) {
  const raw = req.url || '/';
  const q = raw.indexOf('?');
  const viewerUri = q < 0 ? raw : raw.slice(0, q);
  const viewerQuery = q < 0 ? '' : raw.slice(q + 1);
  // The local stack's own paths (never on CloudFront): health, log flush, and CloudFront's API for this distribution.
  if (viewerUri.startsWith(`/${API_VERSION}/distribution/`)) {
    const body = await readBody(req);
    const answer = invalidationApi(req.method, viewerUri, new URLSearchParams(viewerQuery), body);
    return sendPlain(res, answer.status, answer.headers, answer.body);
  }
  if (viewerUri === '/__nimbus/health') {
    return sendPlain(res, 200, { 'Content-Type': 'application/json' }, JSON.stringify({ distributionId: config.distributionId, filesHost: config.filesHost, handlers: Object.keys(handlers).filter((h) => handlers[h]) }));
  }
  if (viewerUri === '/__nimbus/flush-logs' && req.method === 'POST') {
    const keys = await flushLogs();
    return sendPlain(res, 200, { 'Content-Type': 'application/json' }, JSON.stringify({ keys }));
  }
  const ctx = {
    t0: performance.now(),
    start: Date.now(),
    requestId: requestId(),
    viaId: crypto.createHash('md5').update(config.distributionId).digest('hex'),
    clientIp: (req.socket.remoteAddress || '').replace(/^::ffff:/, ''),
    viewerUri,
    viewerQuery,
    range: req.headers.range,
    csBytes: raw.length + req.rawHeaders.reduce((n, v) => n + v.length + 2, 0) + 16,
  };
  try {
    await serveCdn(req, res, ctx);
  } catch (error) {
    console.error(`local edge: ${req.method} ${raw} failed: ${error && error.stack}`);
    if (!res.headersSent) {
      ctx.detailed = 'LambdaExecutionError';
      sendViewer(req, res, ctx, { status: 503, headers: {}, body: Buffer.from('503 ERROR: the Lambda function associated with the CloudFront distribution failed.\n') }, 'Error');
    }
  }
}

const server = http.createServer({ noDelay: true, keepAlive: true }, (req, res) => {
  handle(req, res).catch((error) => {
    console.error(`local edge: ${error && error.stack}`);
    if (!res.headersSent) sendPlain(res, 500, { 'Content-Type': 'text/plain' }, 'internal error\n');
  });
});
server.keepAliveTimeout = 60_000; // CloudFront keeps viewer connections open a while; no close per request
server.on('connection', (socket) => socket.setNoDelay(true));
server.on('error', (error) => {
  if (error.code === 'EADDRINUSE') {
    console.error(`local edge: port ${config.port} on ${config.host} is already in use (NIMBUS_EDGE_PORT picks another)`);
    process.exit(2);
  }
  console.error(`local edge: ${error.message}`);
  process.exit(1);
});

const timer = setInterval(() => {
  flushLogs().catch((error) => console.error(`local edge: log flush failed: ${error.message}`));
}, config.logIntervalMs);
timer.unref();

function shutdown() {
  clearInterval(timer);
  server.close();
  flushLogs().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

server.listen(config.port, config.host, () => {
  const loaded = Object.keys(handlers).filter((h) => handlers[h]).join(', ');
  console.log(`local edge listening on http://${config.host}:${server.address().port} `
    + `(distribution ${config.distributionId}, files host ${config.filesHost}, handlers: ${loaded})`);
});
