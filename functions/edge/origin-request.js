'use strict';
const { generated } = require('./lib/cf');
const { splitZoneUri } = require('./lib/response-headers');
const { fileIdOfUri } = require('./lib/files-host');
const { httpsRedirect, toPullOrigin } = require('./lib/origin');

/**
 * An origin-request handler (on a cache miss): forcessl, then, for a pull zone, its custom origin. The zone comes
 * from the URI viewer-request rewrote (/{zoneId}/...). Files (/files/{id}) and push zones keep the S3 origin.
 * Unreadable config is 503, a zone that is gone 404: nothing goes to an origin without the zone's rules.
 */
// `now` and `settings` are accepted as every factory takes them (the contract); these rules need neither.
function createOriginRequestHandler({ reader }) {
  return async (event) => {
    const request = event.Records[0].cf.request;
    if (fileIdOfUri(request.uri)) return request;
    const parts = splitZoneUri(request.uri);
    let zone;
    try {
      zone = parts && (await reader.zoneById(parts.zoneId));
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', message: 'zone config unavailable', uri: request.uri, error: String(error && error.message) }));
      return generated(503, 'Service Unavailable\n');
    }
    if (!zone) return generated(404, 'Not Found\n');
    const redirect = httpsRedirect(request, zone, parts.viewerPath);
    if (redirect) return redirect;
    if (zone.kind !== 'pull') return request;
    return toPullOrigin(request, zone, parts.viewerPath) || generated(503, 'Service Unavailable\n');
  };
}

let defaultHandler;
exports.createOriginRequestHandler = createOriginRequestHandler;
exports.handler = async (event) => {
  if (!defaultHandler) {
    const { defaultReader, loadEdgeSettings } = require('./lib/default-reader');
    const settings = loadEdgeSettings();
    defaultHandler = createOriginRequestHandler({ reader: defaultReader(settings), settings });
  }
  return defaultHandler(event);
};
