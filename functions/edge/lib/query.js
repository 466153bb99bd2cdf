'use strict';
// Raw query-string handling: the parameters we do not own are passed on byte for byte, never re-encoded.

function nameOf(part) {
  const eq = part.indexOf('=');
  return safeDecode(eq < 0 ? part : part.slice(0, eq));
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The first value of a parameter, decoded; undefined when absent. */
function queryParam(querystring, name) {
  for (const part of (querystring || '').split('&')) {
    if (part !== '' && nameOf(part) === name) {
      const eq = part.indexOf('=');
      return eq < 0 ? '' : safeDecode(part.slice(eq + 1));
    }
  }
  return undefined;
}

/** The query string without the named parameters (all their occurrences). */
function withoutParams(querystring, names) {
  return (querystring || '').split('&').filter((part) => part !== '' && !names.includes(nameOf(part))).join('&');
}

module.exports = { queryParam, withoutParams };
