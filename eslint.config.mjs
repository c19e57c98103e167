import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", "cdktf.out/**", "dist/**", "**/*.js", "**/*.mjs", ".gen/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // The package root eagerly loads all 109 resource modules: +1.3 s and +190 MB per process.
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@cdktf/provider-kubernetes",
              message: "import from @cdktf/provider-kubernetes/lib/<resource>",
            },
            { name: "@cdktf/provider-helm", message: "import from @cdktf/provider-helm/lib/<resource>" },
            { name: "@cdktf/provider-random", message: "import from @cdktf/provider-random/lib/<resource>" },
            { name: "@cdktf/provider-tls", message: "import from @cdktf/provider-tls/lib/<resource>" },
          ],
        },
      ],
    },
  },
);
