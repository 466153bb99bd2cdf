'use strict';
const { header, generated, normalizeHost } = require('./lib/cf');
const { decideViewerRequest } = require('./lib/viewer-request');

/** A viewer-request handler reading zones through `reader`; any failure to read config answers 503. */
function createViewerRequestHandler({ reader, now = Date.now }) {
  return async (event) => {
    const request = event.Records[0].cf.request;
    const host = normalizeHost(header(request.headers, 'host'));
    let zone;
    try {
      zone = await reader.zoneForHost(host);
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', message: 'zone config unavailable', host, error: String(error && error.message) }));
      return generated(503, 'Service Unavailable\n');
    }
    const decision = decideViewerRequest(request, zone, { host, nowSeconds: Math.floor(now() / 1000) });
    return decision.response || decision.request;
  };
}

let defaultHandler;
exports.createViewerRequestHandler = createViewerRequestHandler;
exports.handler = async (event) => {
  defaultHandler = defaultHandler || createViewerRequestHandler({ reader: require('./lib/default-reader').defaultReader() });
  return defaultHandler(event);
};
