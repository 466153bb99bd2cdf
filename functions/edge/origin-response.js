'use strict';
const { header, setHeader } = require('./lib/cf');
const { applyResponseRules, applyFilesRules } = require('./lib/response-headers');
const { zoneOfOriginRequest, viewerPathOf } = require('./lib/origin');
const { fileIdOfUri } = require('./lib/files-host');
const { DOWNLOAD } = require('./lib/internal');

/**
 * An origin-response handler: the zone comes from the URI viewer-request rewrote (/{zoneId}/...), or for a pull zone
 * from the x-nimbus-zone header origin-request set, since the Host header here is the origin's. Without the zone's config the response passes unchanged but is not cached. Files
 * (/files/{id}) need no zone: CORS * and a year's immutable caching, or an attachment when a grant asked for one.
 */
function createOriginResponseHandler({ reader, now = Date.now }) {
  return async (event) => {
    const { request, response } = event.Records[0].cf;
    const download = header(request.headers, DOWNLOAD);
    if (fileIdOfUri(request.uri)) return applyFilesRules(response, { download });
    const parts = zoneOfOriginRequest(request);
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
    const viewerPath = parts.rewritten ? viewerPathOf(zone, parts.uri) : parts.viewerPath;
    return applyResponseRules(response, zone, { viewerPath, nowMs: now(), download });
  };
}

let defaultHandler;
exports.createOriginResponseHandler = createOriginResponseHandler;
exports.handler = async (event) => {
  if (!defaultHandler) {
    const { defaultReader, loadEdgeSettings } = require('./lib/default-reader');
    const settings = loadEdgeSettings();
    defaultHandler = createOriginResponseHandler({ reader: defaultReader(settings), settings });
  }
  return defaultHandler(event);
};
