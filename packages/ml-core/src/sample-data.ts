// Where the shipped sample images live (Fashion-MNIST subsets: binary/ and
// multiclass/, each with train/<label>/ and val/<label>/). Exported so other
// workspaces find them through the package instead of a relative path.
import { fileURLToPath } from "node:url";

export const SAMPLE_DATA_DIR = fileURLToPath(new URL("../data/sample", import.meta.url));
