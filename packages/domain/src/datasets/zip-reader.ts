// Reads an uploaded zip defensively: entry names are checked one by one (a
// bad name rejects that entry, not the archive), declared sizes are checked
// before inflating, and actual sizes are enforced while inflating, so a zip
// bomb costs at most the per-file limit in memory.
import yauzl from "yauzl";
import { checkEntryPath, type SafePath } from "./import-layout.ts";
import { type Rejection, tooLarge } from "./rejections.ts";

// yauzl exports this but @types/yauzl does not declare it.
const getFileNameLowLevel = (
  yauzl as unknown as {
    getFileNameLowLevel(flags: number, raw: Buffer, extraFields: yauzl.Entry["extraFields"], strict: boolean): string;
  }
).getFileNameLowLevel;

export class ZipArchiveError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ZipArchiveError";
  }
}

export interface ZipEntry {
  /** Decoded name as stored in the archive, for reports. */
  name: string;
  path: SafePath;
  uncompressedSize: number;
  /** Inflates the entry, refusing more than `maxBytes`. */
  read(maxBytes: number): Promise<ReadResult>;
}

export type ReadResult = { ok: true; bytes: Buffer } | { ok: false; rejection: Rejection };

export interface OpenedZip {
  /** File entries only (directories are dropped). */
  entries: ZipEntry[];
  close(): void;
}

export async function openZip(file: string, maxEntries: number): Promise<OpenedZip> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.open(
      file,
      // Names are decoded and validated here, per entry: with decodeStrings on,
      // yauzl aborts the whole archive at the first unsafe name.
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
      (error, opened) => (error ? reject(notAZip(error)) : resolve(opened)),
    );
  });
  if (zip.entryCount > maxEntries) {
    zip.close();
    throw new ZipArchiveError(
      `The zip holds ${zip.entryCount} entries; at most ${maxEntries} are accepted per import. Split it into several zips.`,
    );
  }

  const entries: ZipEntry[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("entry", (entry: yauzl.Entry) => {
        const raw = entry.fileName as unknown as Buffer;
        const name = getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
        if (!name.endsWith("/")) {
          entries.push({
            name,
            path: checkEntryPath(name),
            uncompressedSize: entry.uncompressedSize,
            read: (maxBytes) => readEntry(zip, entry, maxBytes),
          });
        }
        zip.readEntry();
      });
      zip.once("end", () => resolve());
      zip.once("error", (error: Error) => reject(notAZip(error)));
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    throw error;
  }
  return { entries, close: () => zip.close() };
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, maxBytes: number): Promise<ReadResult> {
  if (entry.uncompressedSize > maxBytes) return Promise.resolve({ ok: false, rejection: tooLarge(maxBytes) });
  return new Promise((resolve) => {
    const corrupt = (error: Error): void =>
      resolve({
        ok: false,
        rejection: {
          code: "CORRUPT",
          message: `The zip entry could not be extracted (${error.message}); re-create the zip.`,
        },
      });
    zip.openReadStream(entry, (error, stream) => {
      if (error) return corrupt(error);
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        // validateEntrySizes already catches a lying header; this guards memory regardless.
        if (size > maxBytes) {
          stream.destroy();
          resolve({ ok: false, rejection: tooLarge(maxBytes) });
          return;
        }
        chunks.push(chunk);
      });
      stream.once("error", corrupt);
      stream.once("end", () => resolve({ ok: true, bytes: Buffer.concat(chunks) }));
    });
  });
}

function notAZip(error: Error): ZipArchiveError {
  return new ZipArchiveError(
    `The upload is not a readable zip archive (${error.message}). Re-create it with a standard zip tool.`,
    {
      cause: error,
    },
  );
}
