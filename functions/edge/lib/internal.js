'use strict';
// What viewer-request hands to the later triggers. Headers a viewer sends under the x-nimbus- prefix are dropped
// first, so only viewer-request can set them. The edge stack's origin request policy must forward these headers
// (and the query string), or origin-request and origin-response never see them.
const INTERNAL_PREFIX = 'x-nimbus-';
const VIEWER_HOST = 'x-nimbus-viewer-host'; // the Host header as the viewer sent it (zone requests)
const VIEWER_QUERY = 'x-nimbus-viewer-query'; // the query string as the viewer sent it (zone requests)
const DOWNLOAD = 'x-nimbus-download'; // the Content-Disposition a grant with "d":1 asks for
// Set by origin-request on a pull zone's request, whose URI no longer starts with /{zoneId}: origin-response reads
// the zone by it.
const ZONE = 'x-nimbus-zone';
// Added to the query string of a download (a grant with "d":1), so the attachment and the inline response are two
// cache entries; a viewer's own parameter of that name is removed.
const DOWNLOAD_PARAM = 'nimbus-download';

function withoutInternalHeaders(headers) {
  const kept = {};
  for (const [name, entries] of Object.entries(headers || {})) {
    if (!name.toLowerCase().startsWith(INTERNAL_PREFIX)) kept[name] = entries;
  }
  return kept;
}

module.exports = { INTERNAL_PREFIX, VIEWER_HOST, VIEWER_QUERY, DOWNLOAD, ZONE, DOWNLOAD_PARAM, withoutInternalHeaders };
