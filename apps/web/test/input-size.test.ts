import { describe, expect, it } from "vitest";
import { inputSizeHelp, suggestInputSize } from "@/lib/input-size.ts";

const images = (...sides: [number, number][]) => sides.map(([width, height]) => ({ width, height }));

describe("suggestInputSize", () => {
  it("suggests the smallest size for Fashion-MNIST-sized images instead of upscaling 28 px to 224", () => {
    expect(suggestInputSize(images([28, 28], [28, 28], [28, 28]))).toEqual({ size: 96, typicalSide: 28 });
  });

  it("rounds the typical longer side up to the next size the backbone accepts", () => {
    expect(suggestInputSize(images([120, 80], [130, 90], [100, 140])).size).toBe(160);
    expect(suggestInputSize(images([96, 50])).size).toBe(96);
    expect(suggestInputSize(images([97, 97])).size).toBe(128);
  });

  it("keeps the reference 224 px for photos", () => {
    expect(suggestInputSize(images([640, 480], [1024, 768]))).toEqual({ size: 224, typicalSide: 832 });
  });

  it("follows the median, so a few large outliers do not decide for a dataset of small images", () => {
    expect(suggestInputSize(images([28, 28], [28, 28], [28, 28], [2000, 1500])).size).toBe(96);
  });

  it("falls back to the reference when there is nothing to look at", () => {
    expect(suggestInputSize([])).toEqual({ size: 224, typicalSide: null });
    expect(suggestInputSize(images([0, 0]))).toEqual({ size: 224, typicalSide: null });
  });
});

describe("inputSizeHelp", () => {
  it("explains a smaller suggestion by the images\u2019 own size", () => {
    expect(inputSizeHelp(suggestInputSize(images([28, 28])))).toMatch(
      /^Suggested 96 px: this dataset's images are about 28 px/,
    );
  });

  it("says why photos keep 224 px, and stays generic without images", () => {
    expect(inputSizeHelp(suggestInputSize(images([800, 600])))).toMatch(/about 800 px, so the full 224 px is worth it/);
    expect(inputSizeHelp(null)).toMatch(/^Side of the square/);
  });
});
