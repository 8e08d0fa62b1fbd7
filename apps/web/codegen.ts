// Types every GraphQL operation in src/ from the API's committed schema. The
// output (src/gql) is committed, so a fresh clone type-checks and builds
// offline; run `npm run codegen -w @headstart/web` after changing an operation
// or when apps/api/schema.graphql changes (test/codegen.test.ts checks it is current).
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: process.env.HEADSTART_SCHEMA ?? "../api/schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**/*"],
  ignoreNoDocuments: true,
  generates: {
    "./src/gql/": {
      preset: "client",
      // Fragment masking: a section component declares the fields it reads as
      // a fragment and gets them only through getFragmentData, so the page's
      // query cannot silently lean on fields another section asked for.
      // (The preset's default name, useFragment, is not a hook; this name says so.)
      presetConfig: { fragmentMasking: { unmaskFunctionName: "getFragmentData" } },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        skipTypename: false,
        scalars: { DateTime: "string" },
      },
    },
  },
};

export default config;
