import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Backbone,
  BackboneError,
  backboneSpec,
  buildScratch,
  loadBackbone,
  SCRATCH_CNN4_FLAT,
} from "../src/backbones/index.ts";
import { readNsfwjsMobileNetV2 } from "../src/backbones/nsfwjs-weights.ts";
import { initBackend } from "../src/backend/index.ts";
import { decodeImage } from "../src/image/index.ts";
import { imagesToBatch } from "../src/image/tensor.ts";

const SAMPLE = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "data", "sample", "binary");

async function sampleBatch(split: "train" | "val", label: string, count: number, size: number): Promise<tf.Tensor4D> {
  const dir = path.join(SAMPLE, split, label);
  const files = (await readdir(dir)).sort().slice(0, count);
  const images = await Promise.all(files.map(async (f) => decodeImage(await readFile(path.join(dir, f)), { size })));
  return imagesToBatch(images);
}

beforeAll(async () => {
  await initBackend("wasm");
});

describe("mobilenet_v2 backbone", () => {
  let backbone: Backbone;
  beforeAll(async () => {
    backbone = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: 96 }));
  });
  afterAll(() => backbone.dispose());

  it("is the conv base cut at out_relu with pooled 1280 features, without the NSFW head", () => {
    expect(backbone.spec).toMatchObject({ id: "mobilenet_v2", inputSize: 96, featureSize: 1280, cutLayer: "out_relu" });
    const names = backbone.model.layers.map((l) => l.name);
    expect(names[1]).toBe("preprocess");
    expect(names).toContain("block_16_project_BN");
    expect(names.at(-1)).toBe("features");
    expect(names).not.toContain("dense_3");
    expect(names.some((n) => n.startsWith("dense"))).toBe(false);
    expect(backbone.model.inputs[0].shape).toEqual([null, 96, 96, 3]);
    expect(backbone.blocks.map((b) => b.name).slice(-3)).toEqual(["block_15", "block_16", "Conv_1"]);
  });

  it("scales 0..255 to [-1, 1] in its first layer", () => {
    const layer = backbone.model.getLayer("preprocess");
    const out = tf.tidy(() => layer.apply(tf.tensor4d([0, 127.5, 255], [1, 1, 3, 1])) as tf.Tensor);
    expect(Array.from(out.dataSync())).toEqual([-1, 0, 1]);
    out.dispose();
  });

  it("produces ImageNet features that separate the two sample classes (nearest centroid)", async () => {
    const n = 12;
    const embedMean = async (label: string) => {
      const batch = await sampleBatch("train", label, n, 96);
      const features = backbone.embed(batch);
      const mean = tf.mean(features, 0);
      tf.dispose([batch, features]);
      return mean;
    };
    const sneaker = await embedMean("sneaker");
    const boot = await embedMean("ankle_boot");
    let correct = 0;
    for (const label of ["sneaker", "ankle_boot"]) {
      const batch = await sampleBatch("val", label, n, 96);
      const features = backbone.embed(batch);
      const dSneaker = tf.sum(tf.squaredDifference(features, sneaker), 1);
      const dBoot = tf.sum(tf.squaredDifference(features, boot), 1);
      const saysSneaker = await tf.less(dSneaker, dBoot).data();
      correct += Array.from(saysSneaker).filter((v) => (label === "sneaker" ? v === 1 : v === 0)).length;
      tf.dispose([batch, features, dSneaker, dBoot]);
    }
    tf.dispose([sneaker, boot]);
    // A sanity floor, not a benchmark: 12 examples per class and a nearest-centroid rule.
    expect(correct / (2 * n)).toBeGreaterThanOrEqual(0.75);
  });

  it("computes exactly what the original nsfwjs network computes at out_relu (224 px)", async () => {
    // The untouched bundle, head and all, loaded the standard way; we only read its out_relu output.
    const bundle = readNsfwjsMobileNetV2();
    const original = await tf.loadLayersModel(tf.io.fromMemory(bundle as never));
    const atCut = tf.model({
      inputs: original.inputs,
      outputs: original.getLayer("out_relu").output as tf.SymbolicTensor,
    });
    const ours = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: 224 }));
    const image = await sampleBatch("val", "ankle_boot", 1, 224);
    const want = tf.tidy(() => tf.mean(atCut.predict(tf.sub(tf.div(image, 127.5), 1)) as tf.Tensor4D, [1, 2]));
    const got = ours.embed(image);
    const diff = tf.max(tf.abs(tf.sub(got, want)));
    expect(diff.dataSync()[0]).toBeLessThan(1e-4);
    expect(tf.max(want).dataSync()[0]).toBeGreaterThan(0.1);
    tf.dispose([image, want, got, diff]);
    ours.dispose();
    original.dispose();
  });

  it("embeds deterministically, non-negative and finite", async () => {
    const batch = await sampleBatch("val", "sneaker", 2, 96);
    const a = backbone.embed(batch);
    const b = backbone.embed(batch);
    const values = await a.data();
    expect(a.shape).toEqual([2, 1280]);
    expect(Array.from(values).every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    expect(Array.from(await b.data())).toEqual(Array.from(values));
    tf.dispose([batch, a, b]);
  });

  it("rejects a batch of the wrong size with an actionable error", () => {
    const wrong = tf.zeros([1, 128, 128, 3]) as tf.Tensor4D;
    expect(() => backbone.embed(wrong)).toThrow(/decode images at size 96/);
    wrong.dispose();
  });

  it("rebuilds at every supported input size and refuses others", async () => {
    const big = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: 128 }));
    expect(big.model.inputs[0].shape).toEqual([null, 128, 128, 3]);
    big.dispose();
    expect(() => backboneSpec("mobilenet_v2", { inputSize: 100 })).toThrow(BackboneError);
  });

  it("frees every tensor on dispose", async () => {
    const before = tf.memory().numTensors;
    const other = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: 96 }));
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    other.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("layers-url backbone", () => {
  let dir: string;
  let server: Server;
  let baseUrl: string;
  let reference: tf.LayersModel;

  /** A small pretrained-looking model with a classifier head above the layer we cut at. */
  function buildReference(): tf.LayersModel {
    const input = tf.input({ shape: [32, 32, 3], name: "image" });
    let x = tf.layers
      .conv2d({
        filters: 8,
        kernelSize: 3,
        strides: 2,
        padding: "same",
        name: "stem",
        kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
      })
      .apply(input) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ name: "stem_bn" }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU({ name: "stem_relu" }).apply(x) as tf.SymbolicTensor;
    x = tf.layers
      .conv2d({
        filters: 6,
        kernelSize: 3,
        padding: "same",
        activation: "relu",
        name: "cut_here",
        kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }),
      })
      .apply(x) as tf.SymbolicTensor;
    x = tf.layers.flatten({ name: "flat" }).apply(x) as tf.SymbolicTensor;
    const out = tf.layers
      .dense({
        units: 2,
        activation: "softmax",
        name: "head",
        kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }),
      })
      .apply(x) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: out });
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "headstart-layers-url-"));
    reference = buildReference();
    // Non-trivial BN statistics, so a loader that ignored them would give different features.
    const bn = reference.getLayer("stem_bn");
    bn.setWeights(bn.getWeights().map((w, i) => tf.fill(w.shape, [1.5, 0.2, 0.1, 2][i])));
    await reference.save(
      tf.io.withSaveHandler(async (artifacts) => {
        await writeFile(path.join(dir, "weights.bin"), Buffer.from(artifacts.weightData as ArrayBuffer));
        const json = {
          format: "layers-model",
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: ["weights.bin"], weights: artifacts.weightSpecs }],
        };
        await writeFile(path.join(dir, "model.json"), JSON.stringify(json));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
      }),
    );
    server = createServer(async (req, res) => {
      const name = path.basename(req.url ?? "");
      try {
        const body = await readFile(path.join(dir, name));
        res.writeHead(200, {
          "content-type": name.endsWith(".json") ? "application/json" : "application/octet-stream",
        });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    reference.dispose();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  /** What the loaded backbone must compute: the reference up to cut_here on x/255, averaged over space. */
  function expectedFeatures(images: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      const truncated = tf.model({
        inputs: reference.inputs,
        outputs: reference.getLayer("cut_here").output as tf.SymbolicTensor,
      });
      const map = truncated.predict(tf.div(images, 255)) as tf.Tensor4D;
      return tf.mean(map, [1, 2]) as tf.Tensor2D;
    });
  }

  const spec = (source: string) =>
    backboneSpec("layers-url", { source, cutLayer: "cut_here", inputSize: 32, preprocessing: "zero_to_one" });

  it("loads over HTTP, drops the head and reproduces the cut layer pooled", async () => {
    const backbone = await loadBackbone(spec(`${baseUrl}/model.json`));
    expect(backbone.spec.featureSize).toBe(6);
    expect(backbone.spec.version).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(backbone.model.layers.map((l) => l.name)).not.toContain("head");
    const images = tf.randomUniform([3, 32, 32, 3], 0, 255, "float32", 7) as tf.Tensor4D;
    const got = backbone.embed(images);
    const want = expectedFeatures(images);
    const diff = tf.max(tf.abs(tf.sub(got, want)));
    expect(diff.dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([images, got, want, diff]);
    backbone.dispose();
  });

  it("loads the same model from a local path and a file:// URL without tfjs-node", async () => {
    const viaHttp = await loadBackbone(spec(`${baseUrl}/model.json`));
    const viaPath = await loadBackbone(spec(path.join(dir, "model.json")));
    const viaFileUrl = await loadBackbone(spec(`file://${path.join(dir, "model.json")}`));
    expect(viaPath.spec.version).toBe(viaHttp.spec.version);
    expect(viaFileUrl.spec.version).toBe(viaHttp.spec.version);
    const images = tf.randomUniform([2, 32, 32, 3], 0, 255, "float32", 8) as tf.Tensor4D;
    const a = viaHttp.embed(images);
    const b = viaPath.embed(images);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([images, a, b]);
    [viaHttp, viaPath, viaFileUrl].forEach((m) => m.dispose());
  });

  it("rebuilds a fully convolutional cut at another input size", async () => {
    const backbone = await loadBackbone({ ...spec(`${baseUrl}/model.json`), inputSize: 48 });
    const out = backbone.embed(tf.zeros([1, 48, 48, 3]) as tf.Tensor4D);
    expect(out.shape).toEqual([1, 6]);
    out.dispose();
    backbone.dispose();
  });

  it("reports missing files and unknown layers with typed errors", async () => {
    await expect(loadBackbone(spec(`${baseUrl}/nothing.json`))).rejects.toMatchObject({
      code: "LOAD_FAILED",
      message: expect.stringMatching(/HTTP 404/),
    });
    await expect(loadBackbone({ ...spec(`${baseUrl}/model.json`), cutLayer: "nope" })).rejects.toMatchObject({
      code: "INVALID_SPEC",
      message: expect.stringMatching(/no layer named "nope".*cut_here/),
    });
    expect(() => backboneSpec("layers-url", { cutLayer: "x" })).toThrow(/needs `source`/);
  });
});

describe("scratch backbone", () => {
  it("is seeded, trainable end to end, and pools 128 features", async () => {
    const spec = backboneSpec("scratch", { inputSize: 32 });
    const a = await loadBackbone(spec, { seed: 7 });
    const b = await loadBackbone(spec, { seed: 7 });
    const c = await loadBackbone(spec, { seed: 8 });
    expect(a.spec.featureSize).toBe(128);
    const kernel = (m: Backbone) =>
      Array.from(m.model.getLayer("block_2_conv").getWeights()[0].dataSync().slice(0, 16));
    expect(kernel(a)).toEqual(kernel(b));
    expect(kernel(a)).not.toEqual(kernel(c));

    // One SGD step on a toy objective moves the first convolution: gradients reach the bottom.
    const before = kernel(a);
    const x = tf.randomUniform([2, 32, 32, 3], 0, 255, "float32", 9);
    const optimizer = tf.train.sgd(0.1);
    optimizer.minimize(() => tf.mean(tf.square(a.model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar);
    expect(kernel(a)).not.toEqual(before);
    expect(a.model.getLayer("block_1_conv").trainable).toBe(true);
    tf.dispose(x);
    optimizer.dispose();
    [a, b, c].forEach((m) => m.dispose());
  });

  it("trains at small native sizes (28 px keeps every pixel through its padded poolings) and refuses others", async () => {
    const native = await loadBackbone(backboneSpec("scratch", { inputSize: 28 }), { seed: 1 });
    expect(native.model.getLayer("block_4_conv").outputShape).toEqual([null, 4, 4, 128]);
    expect(native.spec.featureSize).toBe(128);
    native.dispose();
    // The flattening variant keeps a 4×4 last map's layout (2048 features) and averages larger maps.
    const flat = buildScratch(backboneSpec("scratch", { inputSize: 28 }), 1, SCRATCH_CNN4_FLAT);
    expect(flat.spec.featureSize).toBe(2048);
    flat.dispose();
    const flatLarge = buildScratch(backboneSpec("scratch", { inputSize: 64 }), 1, SCRATCH_CNN4_FLAT);
    expect(flatLarge.spec.featureSize).toBe(128);
    flatLarge.dispose();
    expect(() => backboneSpec("scratch", { inputSize: 24 })).toThrow(/between 28 and 512/);
    expect(() => backboneSpec("scratch", { inputSize: 30 })).toThrow(/multiple of 4/);
    expect(() => backboneSpec("mobilenet_v2", { inputSize: 28 })).toThrow(/between 32 and 512/);
  });
});
