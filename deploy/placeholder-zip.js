'use strict';

// Writes a PLACEHOLDER Lambda package: a zip whose only entry is an executable `bootstrap` shell script that
// says it is a placeholder and exits 1. scripts/test.d/20-serverless-package.sh uses it so that
// `serverless package` can run before the real package (artifacts/lambda.zip) exists; it is never written
// to that path and must never be deployed.
//
// Usage: node deploy/placeholder-zip.js <output.zip>
// Node only (no `zip` on a fresh machine): one stored (uncompressed) entry, Unix mode 0755.

const fs = require('fs');
const path = require('path');

const script = [
  '#!/bin/sh',
  '# PLACEHOLDER Lambda bootstrap, not the application: it only lets `serverless package` run in tests.',
  '# Deploy the package that scripts/package-lambda.sh builds into artifacts/lambda.zip.',
  'echo "latch: placeholder bootstrap, not the application" >&2',
  'exit 1',
  '',
].join('\n');

function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) {
      crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
    }
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function placeholderZip() {
  const name = Buffer.from('bootstrap');
  const data = Buffer.from(script);
  const crc = crc32(data);
  const dosTime = 0; // 00:00:00
  const dosDate = (2020 - 1980) << 9 | 1 << 5 | 1; // 2020-01-01: fixed, so the file is byte-for-byte stable

  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4); // version needed
  local.writeUInt16LE(0, 6); // flags
  local.writeUInt16LE(0, 8); // stored
  local.writeUInt16LE(dosTime, 10);
  local.writeUInt16LE(dosDate, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  local.writeUInt16LE(0, 28);

  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(3 << 8 | 20, 4); // made by Unix, so the external attributes carry the mode
  central.writeUInt16LE(10, 6);
  central.writeUInt16LE(0, 8);
  central.writeUInt16LE(0, 10);
  central.writeUInt16LE(dosTime, 12);
  central.writeUInt16LE(dosDate, 14);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt16LE(0, 30); // extra
  central.writeUInt16LE(0, 32); // comment
  central.writeUInt16LE(0, 34); // disk
  central.writeUInt16LE(0, 36); // internal attributes
  central.writeUInt32LE((0o100755 << 16) >>> 0, 38); // regular file, rwxr-xr-x
  central.writeUInt32LE(0, 42); // offset of the local header

  const centralOffset = local.length + name.length + data.length;
  const centralSize = central.length + name.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(centralOffset, 16);

  return Buffer.concat([local, name, data, central, name, end]);
}

const output = process.argv[2];
if (!output) {
  console.error('usage: node deploy/placeholder-zip.js <output.zip>');
  process.exit(2);
}
fs.mkdirSync(path.dirname(output), { recursive: true });
fs.writeFileSync(output, placeholderZip());
