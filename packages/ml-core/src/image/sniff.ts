/**
 * Magic-byte sniffing. We decide the format from content before sharp sees the bytes, so that
 * formats we refuse (SVG in particular, which librsvg would happily parse, with its external
 * references and entity expansion) are never handed to a decoder at all.
 */
export type SupportedFormat = "jpeg" | "png" | "webp" | "gif";

export const MIME_TYPES: Record<SupportedFormat, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
};

export type Sniffed =
  | { kind: "supported"; format: SupportedFormat }
  | { kind: "unsupported"; name: string }
  | { kind: "unknown" };

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  for (let i = 0; i < signature.length; i++) if (bytes[offset + i] !== signature[i]) return false;
  return true;
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

export function sniffFormat(bytes: Uint8Array): Sniffed {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: "supported", format: "jpeg" };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: "supported", format: "png" };
  if (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a") return { kind: "supported", format: "gif" };
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") return { kind: "supported", format: "webp" };

  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return { kind: "unsupported", name: "TIFF" };
  }
  if (ascii(bytes, 4, 4) === "ftyp") {
    const brand = ascii(bytes, 8, 4);
    if (brand.startsWith("avi")) return { kind: "unsupported", name: "AVIF" };
    if (/^(hei|hev|mif|msf)/.test(brand)) return { kind: "unsupported", name: "HEIF/HEIC" };
  }
  if (ascii(bytes, 0, 2) === "BM") return { kind: "unsupported", name: "BMP" };
  if (startsWith(bytes, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50])) return { kind: "unsupported", name: "JPEG 2000" };
  if (startsWith(bytes, [0xff, 0x0a]) || startsWith(bytes, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20])) {
    return { kind: "unsupported", name: "JPEG XL" };
  }
  if (ascii(bytes, 0, 5) === "%PDF-") return { kind: "unsupported", name: "PDF" };
  // SVG is text: skip a BOM and whitespace, then look for an XML prolog or an <svg root.
  const head = new TextDecoder("utf-8", { fatal: false })
    .decode(bytes.subarray(0, 512))
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  if (
    head.startsWith("<svg") ||
    (head.startsWith("<?xml") && head.includes("<svg")) ||
    head.startsWith("<!doctype svg")
  ) {
    return { kind: "unsupported", name: "SVG" };
  }
  return { kind: "unknown" };
}
