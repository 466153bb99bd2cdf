'use strict';
// The files host (settings.filesHost, the host of the CDN base URL) serves files-zone blobs by id, as Hack Club's
// /{id}/{filename} URLs do: /{id}/{anything} becomes /files/{id}, the assets bucket's key files/{id}
// (FileRecord.blobKey). Ids are UUIDs (nimbus.shared.Ids); the API stores them lower case, and reads upper case as
// the same id, so the edge does too. Anything else on the files host is 404.
const FILE_PATH = /^\/([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\/(.*)$/;

/** { id, name } of a files-host path (name: the raw last segment, possibly ''), or null when it names no file. */
function fileOfPath(uri) {
  const match = FILE_PATH.exec(uri || '');
  return match ? { id: match[1].toLowerCase(), name: match[2] } : null;
}

const filesUri = (id) => `/files/${id}`;

/** The file id of a rewritten /files/{id} URI, or null. */
function fileIdOfUri(uri) {
  const match = /^\/files\/([0-9a-f-]{36})$/.exec(uri || '');
  return match ? match[1] : null;
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * `attachment` with the filename taken from the URL's last segment: an ASCII fallback (anything else, quotes and
 * backslashes as "_") and the RFC 5987 UTF-8 form, as the API's Content-Disposition does.
 */
function attachmentFor(rawName) {
  const name = safeDecode(String(rawName || '').split('/').pop()).replace(/[\u0000-\u001f\u007f]/g, '');
  if (name === '') return 'attachment';
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

module.exports = { fileOfPath, filesUri, fileIdOfUri, attachmentFor };
