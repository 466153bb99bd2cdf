'use strict';
const { header, generated, normalizeHost } = require('./lib/cf');
const { decideViewerRequest, decideFilesRequest } = require('./lib/viewer-request');
const { claimedZone } = require('./lib/grant');
const { queryParam } = require('./lib/query');
const { withoutInternalHeaders } = require('./lib/internal');

const unavailable = (fields, error) => {
  console.error(JSON.stringify({ level: 'error', message: 'zone config unavailable', ...fields, error: String(error && error.message) }));
  return generated(503, 'Service Unavailable\n');
};

/**
 * A viewer-request handler reading zones through `reader`; any failure to read config answers 503. `settings` is
 * edge-config.json's content: its `filesHost` (the CDN base URL's host) serves files by id, with no zone document.
 */
function createViewerRequestHandler({ reader, now = Date.now, settings = null }) {
  const filesHost = settings && typeof settings.filesHost === 'string' ? normalizeHost(settings.filesHost) : '';
  return async (event) => {
    const original = event.Records[0].cf.request;
    const request = { ...original, headers: withoutInternalHeaders(original.headers) };
    const host = normalizeHost(header(request.headers, 'host'));
    const nowSeconds = Math.floor(now() / 1000);
    if (filesHost !== '' && host === filesHost) {
      const token = queryParam(request.querystring, 'grant');
      let grantZone = null;
      const zoneId = token === undefined ? null : claimedZone(token);
      if (zoneId !== null) {
        try {
          grantZone = await reader.zoneById(zoneId);
        } catch (error) {
          return unavailable({ host, zone: zoneId }, error);
        }
      }
      const decision = decideFilesRequest(request, { grantZone, nowSeconds });
      return decision.response || decision.request;
    }
    let zone;
    try {
      zone = await reader.zoneForHost(host);
    } catch (error) {
      return unavailable({ host }, error);
    }
    const decision = decideViewerRequest(request, zone, { nowSeconds });
    return decision.response || decision.request;
  };
}

let defaultHandler;
exports.createViewerRequestHandler = createViewerRequestHandler;
exports.handler = async (event) => {
  if (!defaultHandler) {
    const { defaultReader, loadEdgeSettings } = require('./lib/default-reader');
    const settings = loadEdgeSettings();
    defaultHandler = createViewerRequestHandler({ reader: defaultReader(settings), settings });
  }
  return defaultHandler(event);
};
