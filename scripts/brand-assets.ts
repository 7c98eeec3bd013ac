// Renders the raster brand assets in public/ from their SVG sources, in the system Chromium (the
// same one the e2e tests drive): public/brand/luneo-logo.png (emails cannot rely on SVG) and
// public/favicon.ico (the mark of app/icon.svg, for clients that ask for /favicon.ico).
// Run after changing an SVG: `npx tsx scripts/brand-assets.ts`, and commit what it writes.
import { readFile, writeFile } from "node:fs/promises";
import { chromium } from "@playwright/test";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A PNG of `svg` drawn at `width`×`height` CSS pixels times `scale`, on a transparent background. */
async function render(svg: string, width: number, height: number, scale: number): Promise<Buffer> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: scale });
    const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}</style><img src="${src}" width="${width}" height="${height}">`,
    );
    await page.locator("img").evaluate((img: HTMLImageElement) => img.decode());
    return await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width, height } });
  } finally {
    await browser.close();
  }
}

/** An .ico holding PNG images (read by every browser since 2007), one entry per size. */
function icoOf(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

const logo = await readFile("public/brand/luneo-logo.svg", "utf8");
await writeFile("public/brand/luneo-logo.png", await render(logo, 132, 32, 2));

const mark = await readFile("app/icon.svg", "utf8");
const sizes = [16, 32, 48];
const pngs = await Promise.all(
  sizes.map(async (size) => ({ size, png: await render(mark, size, size, 1) })),
);
await writeFile("public/favicon.ico", icoOf(pngs));
console.log("wrote public/brand/luneo-logo.png and public/favicon.ico");
