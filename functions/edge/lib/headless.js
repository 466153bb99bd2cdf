'use strict';

// Smooth CDN's blockHeadless: browsers driven by automation that say so in their User-Agent, matched as
// case-insensitive substrings. Chrome/Chromium headless (old and new mode, chrome-headless-shell; Puppeteer's and
// Playwright's Chromium defaults) sends "HeadlessChrome"; PhantomJS and SlimerJS name themselves; some wrappers add
// their own name. Headless Firefox and WebKit send their ordinary User-Agent and cannot be told apart here.
const HEADLESS = ['headless', 'phantomjs', 'slimerjs', 'puppeteer', 'playwright'];

/**
 * True for a headless browser. A missing or empty User-Agent counts as one: every browser sends a User-Agent, so
 * an empty one is an automated client, which is what the setting is for.
 */
function isHeadless(userAgent) {
  if (typeof userAgent !== 'string' || userAgent.trim() === '') return true;
  const ua = userAgent.toLowerCase();
  return HEADLESS.some((name) => ua.includes(name));
}

/** Smooth's project flag, as the zone document carries it: blockHeadless or blockheadless, "true" or "enabled". */
function blocksHeadless(settings) {
  const value = settings.blockHeadless ?? settings.blockheadless;
  return value === true || value === 'true' || value === 'enabled';
}

module.exports = { HEADLESS, isHeadless, blocksHeadless };
