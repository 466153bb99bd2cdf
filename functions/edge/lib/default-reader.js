'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createZoneConfigReader, ConfigUnavailable } = require('./zone-config');

// Lambda@Edge has no environment variables: the edge config bucket and its region are packaged beside the
// handler in edge-config.json ({"bucket": "...", "region": "...", "filesHost": "cdn.example.com"}), written by the
// edge stack's build. filesHost is optional: without it no host is the files host.
const SETTINGS_FILE = path.join(__dirname, '..', 'edge-config.json');

function loadEdgeSettings(file = SETTINGS_FILE) {
  try {
    const settings = JSON.parse(fs.readFileSync(file, 'utf8'));
    const filesHostOk = settings.filesHost === undefined || (typeof settings.filesHost === 'string' && settings.filesHost !== '');
    if (typeof settings.bucket === 'string' && settings.bucket && typeof settings.region === 'string' && filesHostOk) return settings;
  } catch {
    // absent or unreadable: every request is refused (see below)
  }
  return null;
}

/**
 * Reads one object from the bucket with the AWS SDK the Lambda runtime provides (nothing is packaged). A missing
 * object is null; every other failure (AccessDenied included: the role needs s3:ListBucket so a missing key is
 * a 404) rejects, and the request is refused.
 */
function s3Fetcher({ bucket, region }) {
  let client;
  return async (key) => {
    const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
    client = client || new S3Client({ region });
    try {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return await object.Body.transformToString('utf8');
    } catch (error) {
      if (error && (error.name === 'NoSuchKey' || error.$metadata?.httpStatusCode === 404)) return null;
      throw error;
    }
  };
}

/** The deployed reader; `settings` as loadEdgeSettings gives them (null: every read fails, so every request is 503). */
function defaultReader(settings = loadEdgeSettings()) {
  const fetchDocument = settings
    ? s3Fetcher(settings)
    : async () => {
      throw new ConfigUnavailable('edge-config.json is missing or unreadable');
    };
  return createZoneConfigReader({ fetchDocument });
}

module.exports = { defaultReader, loadEdgeSettings };
