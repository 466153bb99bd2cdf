'use strict';
const { header, setHeader, generated } = require('./cf');
const { isBadBot } = require('./bad-bots');
const { isHeadless, blocksHeadless } = require('./headless');
const { checkReferrer } = require('./referrer');
const { checkSecureToken } = require('./secure-token');
const { checkGrant, isProtected } = require('./grant');
const { queryParam, withoutParams } = require('./query');
const { attachmentFor, filesUri, fileOfPath } = require('./files-host');
const { VIEWER_HOST, VIEWER_QUERY, DOWNLOAD, DOWNLOAD_PARAM } = require('./internal');

const TOKEN_PARAMS = ['token', 'expire', 'grant', DOWNLOAD_PARAM];
const FILES_PARAMS = ['grant', DOWNLOAD_PARAM];
const ROBOTS_BODY = 'User-agent: *\nDisallow: /\n';

const enabled = (zone, name) => zone.settings[name] === 'enabled';

const refuse = (status, text) => ({ response: generated(status, `${text}\n`) });
const refuseToken = (status) => refuse(status, status === 410 ? 'Gone' : 'Forbidden');

/** The query without our parameters, with the download marker when the grant asks for an attachment. */
function forwardedQuery(querystring, names, grant) {
  const kept = withoutParams(querystring, names);
  if (!grant || grant.d !== 1) return kept;
  return kept ? `${kept}&${DOWNLOAD_PARAM}=1` : `${DOWNLOAD_PARAM}=1`;
}

function markDownload(headers, grant, name) {
  if (grant && grant.d === 1) setHeader(headers, DOWNLOAD, attachmentFor(name));
}

/**
 * What viewer-request does with a request for `zone` (null: no zone has the host): a generated response
 * ({ response }) or the request to forward ({ request }), its URI under /{zoneId} and without the token parameters.
 * Rules, in order: unknown/test-mode/inactive zone 404, blockbadbots 451, blockHeadless 403, referrers 403,
 * secure token 403/410, grant 403/410, cacherobots. forcessl is origin-request's (CloudFront-Forwarded-Proto does
 * not exist yet at viewer-request, and a viewer's own is not to be trusted).
 * `request.headers` must already be without x-nimbus- headers (the handler drops them).
 */
function decideViewerRequest(request, zone, { nowSeconds }) {
  if (!zone || zone.testMode === true || zone.settings.status === 'inactive') return refuse(404, 'Not Found');
  const userAgent = header(request.headers, 'user-agent');
  if (enabled(zone, 'blockbadbots') && isBadBot(userAgent)) return refuse(451, 'Unavailable For Legal Reasons');
  if (blocksHeadless(zone.settings) && isHeadless(userAgent)) return refuse(403, 'Forbidden');
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
    if (tokenStatus) return refuseToken(tokenStatus);
  }
  // A grant that is there is always checked; one is required under the zone's protected paths.
  const token = queryParam(request.querystring, 'grant');
  let grant = null;
  if (token !== undefined || isProtected(zone, request.uri)) {
    const checked = checkGrant({ token, zone, path: request.uri, nowSeconds });
    if (checked.status) return refuseToken(checked.status);
    grant = checked.grant;
  }
  if (enabled(zone, 'cacherobots') && request.uri === '/robots.txt') {
    // origin-response cannot replace a body, so the zone's robots.txt is answered here
    return { response: generated(200, ROBOTS_BODY) };
  }
  const headers = { ...request.headers };
  const viewerHost = header(request.headers, 'host');
  if (viewerHost !== undefined) setHeader(headers, VIEWER_HOST, viewerHost);
  if (request.querystring) setHeader(headers, VIEWER_QUERY, request.querystring);
  markDownload(headers, grant, request.uri);
  return {
    request: {
      ...request,
      headers,
      uri: `/${zone.id}${request.uri}`,
      querystring: forwardedQuery(request.querystring, TOKEN_PARAMS, grant),
    },
  };
}

/**
 * A request on the files host: /{id}/{anything} is forwarded as /files/{id}; anything else is 404. A `grant`
 * (signed with the account's files zone key: `grantZone` is that zone, read by the handler from the token's `z`)
 * must be valid when present, and with "d":1 asks origin-response for an attachment. No grant is needed: files are
 * public by id.
 */
function decideFilesRequest(request, { grantZone, nowSeconds }) {
  const file = fileOfPath(request.uri);
  if (!file) return refuse(404, 'Not Found');
  const token = queryParam(request.querystring, 'grant');
  let grant = null;
  if (token !== undefined) {
    if (!grantZone || grantZone.kind !== 'files') return refuse(403, 'Forbidden');
    const checked = checkGrant({ token, zone: grantZone, path: request.uri, nowSeconds });
    if (checked.status) return refuseToken(checked.status);
    grant = checked.grant;
  }
  const headers = { ...request.headers };
  markDownload(headers, grant, file.name);
  return {
    request: { ...request, headers, uri: filesUri(file.id), querystring: forwardedQuery(request.querystring, FILES_PARAMS, grant) },
  };
}

module.exports = { decideViewerRequest, decideFilesRequest, ROBOTS_BODY };
