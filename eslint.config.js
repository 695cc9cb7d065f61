import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";
import boundaries from "./eslint/boundaries.js";

export default tseslint.config(
  { ignores: ["node_modules", "data", "dist", "coverage", "test-results", "bench/results"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // Layers and module boundaries: see eslint/boundaries.js.
    files: ["src/**/*.{ts,tsx}"],
    plugins: { boundaries },
    rules: { "boundaries/layers": "error" },
  },
  {
    files: ["src/web/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      // i18n keys are typed: a key made at run time goes through a typed map (`t(KINDS[k])`).
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.name='t'] > TemplateLiteral.arguments:first-child",
          message:
            "Build an i18n key through a typed map (`satisfies Record<Code, Key>`), not a template string.",
        },
        {
          selector: "CallExpression[callee.name='t'] > BinaryExpression.arguments:first-child",
          message:
            "Build an i18n key through a typed map (`satisfies Record<Code, Key>`), not by concatenation.",
        },
      ],
    },
  },
  {
    files: ["src/web/public/**/*.js"],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
);
