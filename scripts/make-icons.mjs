#!/usr/bin/env node
// Draws the app and tray icons (a rounded tile with two switch rails) as PNGs into build/.
// Run once after changing the design; the PNGs are committed so packaging needs no drawing tools.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'build');

function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x / size, y / size), y * (size * 4 + 1) + 1 + x * 4);
  }
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const inRoundedSquare = (x, y, r) => {
  const dx = Math.max(r - x, 0, x - (1 - r));
  const dy = Math.max(r - y, 0, y - (1 - r));
  return dx * dx + dy * dy <= r * r;
};
const inCapsule = (x, y, x0, x1, cy, h) => {
  const cx = Math.min(Math.max(x, x0), x1);
  return (x - cx) ** 2 + (y - cy) ** 2 <= h * h;
};
const inDot = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

/** Two rails with their knobs on opposite sides: a switchboard. */
function glyph(x, y) {
  const rail = inCapsule(x, y, 0.3, 0.7, 0.38, 0.085) || inCapsule(x, y, 0.3, 0.7, 0.62, 0.085);
  const knob = inDot(x, y, 0.62, 0.38, 0.06) || inDot(x, y, 0.38, 0.62, 0.06);
  return { rail, knob };
}

const app = png(512, (x, y) => {
  if (!inRoundedSquare(x, y, 0.2)) return [0, 0, 0, 0];
  const { rail, knob } = glyph(x, y);
  if (knob) return [47, 111, 237, 255];
  if (rail) return [255, 255, 255, 255];
  return [47, 111, 237, 255];
});
// The tray icon is a black template image (macOS tints it); other systems show it as drawn.
const tray = png(32, (x, y) => {
  const { rail, knob } = glyph(x, y);
  return rail && !knob ? [0, 0, 0, 255] : [0, 0, 0, 0];
});

fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'icon.png'), app);
fs.writeFileSync(path.join(out, 'tray.png'), tray);
console.log('Wrote build/icon.png and build/tray.png.');
