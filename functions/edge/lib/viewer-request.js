'use strict';
const { header, generated } = require('./cf');
const { isBadBot } = require('./bad-bots');
const { checkReferrer } = require('./referrer');
const { checkSecureToken } = require('./secure-token');
const { queryParam, withoutParams } = require('./query');

const TOKEN_PARAMS = ['token', 'expire'];
const ROBOTS_BODY = 'User-agent: *\nDisallow: /\n';

const enabled = (zone, name) => zone.settings[name] === 'enabled';

const refuse = (status, text) => ({ response: generated(status, `${text}\n`) });

/** The viewer's scheme: CloudFront-Forwarded-Proto when CloudFront (or the local edge) gives it, else https. */
function viewerScheme(request) {
  return (header(request.headers, 'cloudfront-forwarded-proto') || 'https').toLowerCase();
}

function httpsRedirect(request, host) {
  const query = request.querystring ? `?${request.querystring}` : '';
  return { response: generated(301, 'Moved Permanently\n', { Location: `https://${host}${request.uri}${query}` }) };
}

/**
 * What viewer-request does with a request for `zone` (null: no zone has the host): a generated response
 * ({ response }) or the request to forward ({ request }), its URI under /{zoneId} and without the token parameters.
 * Rules, in order: unknown/test-mode/inactive zone 404, forcessl 301, blockbadbots 451, referrers 403,
 * secure token 403/410, cacherobots.
 */
function decideViewerRequest(request, zone, { host, nowSeconds }) {
  if (!zone || zone.testMode === true || zone.settings.status === 'inactive') return refuse(404, 'Not Found');
  if (enabled(zone, 'forcessl') && viewerScheme(request) !== 'https') return httpsRedirect(request, host);
  if (enabled(zone, 'blockbadbots') && isBadBot(header(request.headers, 'user-agent'))) {
    return refuse(451, 'Unavailable For Legal Reasons');
  }
  const referrerStatus = checkReferrer({
    referer: header(request.headers, 'referer'),
    referrers: zone.referrers,
    allowEmpty: zone.settings.allowemptyreferrer !== 'disabled', // the setting's default is enabled
    blockListed: enabled(zone, 'blockreferrer'),
  });
  if (referrerStatus) return refuse(referrerStatus, 'Forbidden');
  if (enabled(zone, 'securetoken')) {
    const tokenStatus = checkSecureToken({
      path: request.uri,
      token: queryParam(request.querystring, 'token'),
      expire: queryParam(request.querystring, 'expire'),
      secret: zone.settings.securetokenkey,
      bindIp: enabled(zone, 'securetokenip'),
      ip: request.clientIp,
      nowSeconds,
    });
    if (tokenStatus) return refuse(tokenStatus, tokenStatus === 410 ? 'Gone' : 'Forbidden');
  }
  if (enabled(zone, 'cacherobots') && request.uri === '/robots.txt') {
    // origin-response cannot replace a body, so the zone's robots.txt is answered here
    return { response: generated(200, ROBOTS_BODY) };
  }
  return {
    request: {
      ...request,
      uri: `/${zone.id}${request.uri}`,
      querystring: withoutParams(request.querystring, TOKEN_PARAMS),
    },
  };
}

module.exports = { decideViewerRequest, viewerScheme, ROBOTS_BODY };
