import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Server code type-checks against the DOM library too, where `origin`, `name`, `status`… are
    // globals: a forgotten variable would compile and silently read `undefined` at run time.
    files: ["lib/**", "db/**", "app/api/**", "scripts/**", "auth.ts", "instrumentation.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        ...[
          "origin",
          "name",
          "status",
          "event",
          "length",
          "close",
          "open",
          "parent",
          "top",
          "self",
          "location",
          "history",
        ].map((name) => ({
          name,
          message: `"${name}" here is a browser global; declare the variable.`,
        })),
      ],
    },
  },
  globalIgnores([".next/**", "node_modules/**", ".data/**", "db/migrations/**", "next-env.d.ts"]),
]);
