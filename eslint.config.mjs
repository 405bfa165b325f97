// @ts-check
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      ".scratch*/",
      "node_modules/",
      "cdktf.out/",
      "dist/",
      "k8s-out/",
      ".venv/",
      "coverage/",
      ".gen/",
      "bin/",
      "jest.config.js",
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@cdktf/provider-aws",
              message: "Deep-import (@cdktf/provider-aws/lib/<resource>): the root loads ~2,200 resources.",
            },
            { name: "@cdktf/provider-kubernetes", message: "Deep-import (@cdktf/provider-kubernetes/lib/<resource>)." },
            { name: "@cdktf/provider-tfe", message: "Deep-import (@cdktf/provider-tfe/lib/<resource>)." },
          ],
        },
      ],
    },
  },
);
