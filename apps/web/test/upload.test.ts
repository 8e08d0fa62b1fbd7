import { describe, expect, it } from "vitest";
import { imageUploadForm, parseUploadResponse, runLimited, UploadError, zipUploadForm } from "@/lib/upload.ts";

describe("parseUploadResponse", () => {
  it("reads the API report, per-file rejections included", () => {
    const body = JSON.stringify({
      stored: [{ name: "a.png", imageId: "i1", sha256: "x" }],
      duplicates: [],
      rejected: [{ name: "b.txt", code: "UNSUPPORTED_FORMAT", message: "Not an image." }],
    });
    const report = parseUploadResponse(200, body);
    expect(report.stored).toHaveLength(1);
    expect(report.rejected[0]).toEqual({ name: "b.txt", code: "UNSUPPORTED_FORMAT", message: "Not an image." });
  });

  it("surfaces the API error message and code", () => {
    const body = JSON.stringify({
      errors: [{ message: 'Label "cow" is not in this dataset.', extensions: { code: "BAD_USER_INPUT" } }],
    });
    expect(() => parseUploadResponse(400, body)).toThrow(
      new UploadError('Label "cow" is not in this dataset.', 400, "BAD_USER_INPUT"),
    );
  });

  it("explains a response that is not the API talking", () => {
    expect(() => parseUploadResponse(502, "<html>Bad gateway</html>")).toThrow(/answered 502/);
    expect(() => parseUploadResponse(0, "")).toThrow(/could not be reached/);
    expect(() => parseUploadResponse(413, "")).toThrow(/larger than the server accepts/);
  });
});

describe("multipart forms", () => {
  it("puts label and split fields before the file, as the API requires", () => {
    const form = imageUploadForm(new File(["x"], "cat.png"), ["cat"], "VAL");
    expect([...form.keys()]).toEqual(["label", "split", "file"]);
    expect(form.get("split")).toBe("VAL");
    const zip = zipUploadForm(new File(["x"], "set.zip"), [80, 10, 10], 7);
    expect([...zip.entries()].map(([k, v]) => [k, typeof v === "string" ? v : "file"])).toEqual([
      ["seed", "7"],
      ["ratios", "80,10,10"],
      ["zip", "file"],
    ]);
  });
});

describe("runLimited", () => {
  it("never has more than the limit in flight and keeps results in order", async () => {
    let inFlight = 0;
    let peak = 0;
    const tasks = Array.from({ length: 9 }, (_, i) => async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5 + (i % 3)));
      inFlight--;
      if (i === 4) throw new Error("bad file");
      return i;
    });
    const results = await runLimited(tasks, 3);
    expect(peak).toBe(3);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : "failed"))).toEqual([
      0,
      1,
      2,
      3,
      "failed",
      5,
      6,
      7,
      8,
    ]);
  });
});

import { parsePredictResponse } from "@/lib/predict.ts";

describe("parsePredictResponse", () => {
  it("reads predictions in upload order, each with its probabilities most probable first", () => {
    const body = JSON.stringify({
      predictions: [
        {
          name: "boot.png",
          label: "ankle_boot",
          labels: ["ankle_boot"],
          confidence: 0.9,
          withheld: false,
          threshold: 0.75,
          probabilities: [
            { label: "sneaker", probability: 0.1 },
            { label: "ankle_boot", probability: 0.9 },
          ],
        },
      ],
    });
    const [p] = parsePredictResponse(200, body);
    expect(p.label).toBe("ankle_boot");
    expect(p.probabilities.map((x) => x.label)).toEqual(["ankle_boot", "sneaker"]);
  });

  it("surfaces the API error, e.g. a run without a model", () => {
    const body = JSON.stringify({
      errors: [{ message: "Run r1 has not succeeded.", extensions: { code: "CONFLICT" } }],
    });
    expect(() => parsePredictResponse(409, body)).toThrow("Run r1 has not succeeded.");
    expect(() => parsePredictResponse(500, "oops")).toThrow(/answered 500/);
  });
});
