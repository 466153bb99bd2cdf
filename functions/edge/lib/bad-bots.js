'use strict';

// Crawlers that ignore robots.txt or scrape at volume, matched as case-insensitive substrings of User-Agent.
// Search engines and link previews are deliberately absent. Keep the list short: each entry is a reason.
const BAD_BOTS = [
  'ahrefsbot', // SEO crawler, very high request rates
  'semrushbot', // SEO crawler
  'mj12bot', // Majestic: distributed crawler, ignores crawl-delay
  'dotbot', // Moz crawler
  'blexbot', // backlink crawler
  'petalbot', // aggressive crawler
  'bytespider', // scrapes for model training, ignores robots.txt
  'megaindex', // SEO crawler
  'serpstatbot', // SEO crawler
  'zgrab', // mass scanner
];

function isBadBot(userAgent) {
  if (typeof userAgent !== 'string' || userAgent === '') return false;
  const ua = userAgent.toLowerCase();
  return BAD_BOTS.some((bot) => ua.includes(bot));
}

module.exports = { BAD_BOTS, isBadBot };
