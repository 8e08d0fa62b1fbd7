export { splitForFineTune, type FineTuneSplit } from './split.ts';
