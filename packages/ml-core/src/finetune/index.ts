export { type FineTuneSplit, splitForFineTune } from "./split.ts";
