// `@headstart/trainer/testing`: what other workspaces' tests (and this app's)
// use to train for real: a trainer daemon as a child process, and a binary
// Fashion-MNIST sample from ml-core's shipped images.
export * from "./sample-images.ts";
export * from "./sample-version.ts";
export * from "./trainer-process.ts";
