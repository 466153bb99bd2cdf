'use strict';
const { header, setHeader, removeHeader, generated, normalizeHost } = require('./cf');
const { withoutParams } = require('./query');
const { VIEWER_HOST, VIEWER_QUERY, ZONE, DOWNLOAD_PARAM } = require('./internal');

/** CloudFront's custom origin for a pull zone's origin URL, with the URL's path; null when it is not http(s). */
function pullOrigin(originUrl) {
  let url;
  try {
    url = new URL(originUrl);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
  const protocol = url.protocol.slice(0, -1);
  return {
    custom: {
      domainName: url.hostname,
      port: url.port ? Number(url.port) : protocol === 'https' ? 443 : 80,
      protocol,
      path: '',
      sslProtocols: ['TLSv1.2'],
      readTimeout: 30,
      keepaliveTimeout: 5,
      customHeaders: {},
    },
    host: url.host, // with the port when it is not the scheme's default
    basePath: url.pathname.replace(/\/+$/, ''),
  };
}

/**
 * Where origin-response finds the zone and the viewer's path: x-nimbus-zone (a pull zone's request, its URI the
 * origin's path) or the /{zoneId}/... URI viewer-request wrote. null when neither names a zone.
 */
function zoneOfOriginRequest(request) {
  const zoneId = header(request.headers, ZONE);
  const uri = request.uri || '/';
  if (!zoneId) {
    const match = /^\/([^/]+)(\/.*)?$/.exec(uri);
    return match ? { zoneId: match[1], viewerPath: match[2] || '/', rewritten: false } : null;
  }
  if (uri === `/${zoneId}` || uri.startsWith(`/${zoneId}/`)) return { zoneId, viewerPath: uri.slice(zoneId.length + 1) || '/', rewritten: false };
  return { zoneId, uri, rewritten: true };
}

/** The viewer's path of a request origin-request sent to `zone`'s pull origin (the origin URL's path taken off). */
function viewerPathOf(zone, uri) {
  const origin = pullOrigin(zone.originUrl);
  const base = origin ? origin.basePath : '';
  return base && uri.startsWith(`${base}/`) ? uri.slice(base.length) : uri;
}

/** forcessl: the 301 to https for a request that came over plain HTTP (CloudFront-Forwarded-Proto: http), or null. */
function httpsRedirect(request, zone, viewerPath) {
  if (zone.settings.forcessl !== 'enabled') return null;
  if ((header(request.headers, 'cloudfront-forwarded-proto') || '').toLowerCase() !== 'http') return null;
  const host = normalizeHost(header(request.headers, VIEWER_HOST)) || zone.hostname;
  const query = header(request.headers, VIEWER_QUERY) ?? request.querystring;
  const location = `https://${host}${viewerPath}${query ? `?${query}` : ''}`;
  return generated(301, 'Moved Permanently\n', { Location: location });
}

/**
 * A pull zone's request as it goes to its origin: the custom origin set, the URI without /{zoneId} (the origin URL's
 * own path first), Host per cachehostheader (enabled: the Host the viewer sent; disabled: the origin's) and X-Pull
 * from cachexpullkey, and x-nimbus-zone (the URI no longer names the zone; origin-response reads it). The viewer's
 * host and query headers and the download marker stay behind. null when the origin URL is unusable.
 */
function toPullOrigin(request, zone, viewerPath) {
  const origin = pullOrigin(zone.originUrl);
  if (!origin) return null;
  const headers = { ...request.headers };
  const viewerHost = header(headers, VIEWER_HOST);
  removeHeader(headers, VIEWER_HOST);
  removeHeader(headers, VIEWER_QUERY);
  const useViewerHost = zone.settings.cachehostheader === 'enabled' && viewerHost;
  setHeader(headers, 'Host', useViewerHost ? viewerHost : origin.host);
  const pullKey = zone.settings.cachexpullkey;
  if (typeof pullKey === 'string' && pullKey !== '') setHeader(headers, 'X-Pull', pullKey);
  setHeader(headers, ZONE, zone.id);
  return {
    ...request,
    origin: { custom: origin.custom },
    uri: `${origin.basePath}${viewerPath}`,
    querystring: withoutParams(request.querystring, [DOWNLOAD_PARAM]),
    headers,
  };
}

module.exports = { pullOrigin, httpsRedirect, toPullOrigin, zoneOfOriginRequest, viewerPathOf };
