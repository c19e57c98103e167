import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", "cdktf.out/**", "dist/**", "**/*.js", "**/*.mjs", ".gen/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // A named interface over one other (`interface HarborDiskOptions extends Pick<…> {}`) is how a
      // public props type reuses another's documented members.
      "@typescript-eslint/no-empty-object-type": ["error", { allowInterfaces: "with-single-extends" }],
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
