import { crc32 } from "node:zlib";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { decodeImage, ImageError, inspectImage } from "../src/image/index.ts";

/** A 40×20 image: left half red, right half blue. Orientation tests rely on that asymmetry. */
function halves(): Buffer {
  const raw = Buffer.alloc(40 * 20 * 3);
  for (let y = 0; y < 20; y++) {
    for (let x = 0; x < 40; x++) raw[(y * 40 + x) * 3 + (x < 20 ? 0 : 2)] = 255;
  }
  return raw;
}
const rawInput = { raw: { width: 40, height: 20, channels: 3 as const } };

function solid(width: number, height: number, rgb: [number, number, number]) {
  return sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } });
}

function pixel(image: { data: Uint8Array; width: number }, x: number, y: number): number[] {
  const i = (y * image.width + x) * 3;
  return [image.data[i], image.data[i + 1], image.data[i + 2]];
}

/** A PNG whose header claims huge dimensions; the pixel data never has to exist. */
function pngBomb(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

async function expectImageError(promise: Promise<unknown>, code: string): Promise<ImageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImageError);
  expect((error as ImageError).code).toBe(code);
  expect((error as ImageError).message.length).toBeGreaterThan(20);
  return error as ImageError;
}

describe("inspectImage", () => {
  it.each([
    ["jpeg", "image/jpeg", () => sharp(halves(), rawInput).jpeg().toBuffer()],
    ["png", "image/png", () => sharp(halves(), rawInput).png().toBuffer()],
    ["webp", "image/webp", () => sharp(halves(), rawInput).webp().toBuffer()],
    ["gif", "image/gif", () => sharp(halves(), rawInput).gif().toBuffer()],
  ])("recognises %s by content", async (format, mime, make) => {
    const bytes = await make();
    await expect(inspectImage(bytes)).resolves.toEqual({ format, mime, width: 40, height: 20 });
  });

  it("reports displayed dimensions for EXIF-rotated photos", async () => {
    const bytes = await sharp(halves(), rawInput).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    await expect(inspectImage(bytes)).resolves.toMatchObject({ width: 20, height: 40 });
  });

  it("rejects empty input", async () => {
    await expectImageError(inspectImage(new Uint8Array(0)), "EMPTY");
  });

  it.each([
    ["TIFF", () => sharp(halves(), rawInput).tiff().toBuffer()],
    ["AVIF", () => sharp(halves(), rawInput).avif().toBuffer()],
    ["HEIF", () => Promise.resolve(Buffer.from("\0\0\0\x18ftypheic\0\0\0\0mif1heic", "latin1"))],
    [
      "SVG",
      () =>
        Promise.resolve(
          Buffer.from('\uFEFF  <?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'),
        ),
    ],
    ["random bytes", () => Promise.resolve(Buffer.from("hello, this is a text file and not an image"))],
  ])("rejects %s as unsupported", async (_name, make) => {
    const error = await expectImageError(inspectImage(await make()), "UNSUPPORTED_FORMAT");
    expect(error.message).toMatch(/JPEG, PNG, WebP or GIF/);
  });

  it("rejects a truncated JPEG as corrupt", async () => {
    const bytes = await solid(64, 64, [10, 200, 30]).jpeg().toBuffer();
    await expectImageError(inspectImage(bytes.subarray(0, Math.floor(bytes.length / 2))), "CORRUPT");
  });

  it("rejects a PNG whose signature is followed by garbage", async () => {
    const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
    await expectImageError(inspectImage(bytes), "CORRUPT");
  });

  it("stops a decompression bomb from its header alone", async () => {
    const bomb = pngBomb(100_000, 100_000);
    expect(bomb.length).toBeLessThan(100);
    const error = await expectImageError(inspectImage(bomb), "TOO_MANY_PIXELS");
    expect(error.message).toContain("100000×100000");
    await expectImageError(decodeImage(bomb, { size: 8 }), "TOO_MANY_PIXELS");
  });

  it("honours a custom pixel limit", async () => {
    const bytes = await solid(64, 64, [1, 2, 3]).png().toBuffer();
    await expectImageError(inspectImage(bytes, { maxPixels: 4095 }), "TOO_MANY_PIXELS");
    await expect(inspectImage(bytes, { maxPixels: 4096 })).resolves.toMatchObject({ width: 64 });
  });
});

describe("decodeImage", () => {
  it.each(["jpeg", "png", "webp", "gif"] as const)("decodes %s to size×size RGB", async (format) => {
    const bytes = await sharp(halves(), rawInput).toFormat(format).toBuffer();
    const image = await decodeImage(bytes, { size: 16 });
    expect(image.width).toBe(16);
    expect(image.height).toBe(16);
    expect(image.data).toHaveLength(16 * 16 * 3);
    const left = pixel(image, 2, 8);
    const right = pixel(image, 13, 8);
    expect(left[0]).toBeGreaterThan(200);
    expect(left[2]).toBeLessThan(60);
    expect(right[2]).toBeGreaterThan(200);
    expect(right[0]).toBeLessThan(60);
  });

  it("applies EXIF orientation before resizing", async () => {
    // Orientation 6 means "rotate 90° clockwise to display": the stored left (red) half ends up on top.
    const bytes = await sharp(halves(), rawInput).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const image = await decodeImage(bytes, { size: 20 });
    expect(pixel(image, 10, 2)[0]).toBeGreaterThan(200);
    expect(pixel(image, 10, 17)[2]).toBeGreaterThan(200);
  });

  it("expands grayscale to three equal channels", async () => {
    const bytes = await sharp(Buffer.alloc(12 * 12, 90), { raw: { width: 12, height: 12, channels: 1 } })
      .toColourspace("b-w")
      .png()
      .toBuffer();
    expect((await sharp(bytes).metadata()).channels).toBe(1);
    const image = await decodeImage(bytes, { size: 6 });
    expect(image.data).toHaveLength(6 * 6 * 3);
    expect(pixel(image, 3, 3)).toEqual([90, 90, 90]);
  });

  it("flattens transparency onto white by default, black on request", async () => {
    const bytes = await sharp({
      create: { width: 8, height: 8, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    expect(pixel(await decodeImage(bytes, { size: 4 }), 1, 1)).toEqual([255, 255, 255]);
    expect(pixel(await decodeImage(bytes, { size: 4, background: "black" }), 1, 1)).toEqual([0, 0, 0]);
  });

  it("takes the first frame of an animated GIF", async () => {
    const red = await solid(8, 8, [255, 0, 0]).png().toBuffer();
    const blue = await solid(8, 8, [0, 0, 255]).png().toBuffer();
    const gif = await sharp([red, blue], { join: { animated: true } })
      .gif()
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const image = await decodeImage(gif, { size: 8 });
    expect(pixel(image, 4, 4)).toEqual([255, 0, 0]);
    await expect(inspectImage(gif)).resolves.toMatchObject({ width: 8, height: 8 });
  });

  it("converts 16-bit PNG to 8-bit", async () => {
    const bytes = await solid(4, 4, [255, 128, 0]).toColourspace("rgb16").png().toBuffer();
    const image = await decodeImage(bytes, { size: 4 });
    const [r, g, b] = pixel(image, 0, 0);
    expect(r).toBe(255);
    expect(Math.abs(g - 128)).toBeLessThanOrEqual(1);
    expect(b).toBe(0);
  });

  it("cover fit keeps the aspect ratio by centre-cropping", async () => {
    const bytes = await sharp(halves(), rawInput).png().toBuffer();
    const filled = await decodeImage(bytes, { size: 10, fit: "fill" });
    const covered = await decodeImage(bytes, { size: 10, fit: "cover" });
    // Stretching keeps both halves; a centre crop of 20×20 from 40×20 still has red on the left, blue on the right.
    expect(pixel(filled, 0, 5)[0]).toBeGreaterThan(200);
    expect(pixel(covered, 0, 5)[0]).toBeGreaterThan(200);
    expect(pixel(covered, 9, 5)[2]).toBeGreaterThan(200);
  });

  it("rejects bad sizes as programming errors", async () => {
    const bytes = await solid(4, 4, [0, 0, 0]).png().toBuffer();
    await expect(decodeImage(bytes, { size: 0 })).rejects.toThrow(RangeError);
    await expect(decodeImage(bytes, { size: 12.5 })).rejects.toThrow(RangeError);
  });

  it("reports each typed error on decode too", async () => {
    await expectImageError(decodeImage(new Uint8Array(0), { size: 8 }), "EMPTY");
    await expectImageError(decodeImage(Buffer.from("<svg/>"), { size: 8 }), "UNSUPPORTED_FORMAT");
    const jpeg = await solid(64, 64, [10, 200, 30]).jpeg().toBuffer();
    await expectImageError(decodeImage(jpeg.subarray(0, 200), { size: 8 }), "CORRUPT");
  });
});
