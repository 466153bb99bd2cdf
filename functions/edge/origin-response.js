'use strict';
const { setHeader } = require('./lib/cf');
const { applyResponseRules, splitZoneUri } = require('./lib/response-headers');

/**
 * An origin-response handler: the zone comes from the URI viewer-request rewrote (/{zoneId}/...), since the Host
 * header here is the origin's. Without the zone's config the response passes unchanged but is not cached.
 */
function createOriginResponseHandler({ reader, now = Date.now }) {
  return async (event) => {
    const { request, response } = event.Records[0].cf;
    const parts = splitZoneUri(request.uri);
    let zone = null;
    try {
      zone = parts && (await reader.zoneById(parts.zoneId));
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', message: 'zone config unavailable', uri: request.uri, error: String(error && error.message) }));
    }
    if (!zone) {
      const headers = { ...response.headers };
      setHeader(headers, 'Cache-Control', 'no-store');
      return { ...response, headers };
    }
    return applyResponseRules(response, zone, { viewerPath: parts.viewerPath, nowMs: now() });
  };
}

let defaultHandler;
exports.createOriginResponseHandler = createOriginResponseHandler;
exports.handler = async (event) => {
  defaultHandler = defaultHandler || createOriginResponseHandler({ reader: require('./lib/default-reader').defaultReader() });
  return defaultHandler(event);
};
