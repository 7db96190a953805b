import baseConfig from "../../../eslint.config.mjs";

export default [
    ...baseConfig,
    {
        files: ["**/*.ts"],
        rules: {
            // `import type` everywhere: the docs script runs these sources under Node's type
            // stripping, which keeps value imports, so a type imported as a value breaks at runtime.
            "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "separate-type-imports" }],
        },
    },
    {
        files: ["src/**/*.ts"],
        ignores: ["src/**/*.spec.ts", "src/**/*.test-util.ts"],
        rules: {
            // Browser-safe domain code: no Node globals (module-boundary rule covers imports).
            "no-restricted-globals": [
                "error",
                { name: "Buffer", message: "Use Uint8Array: this library must run in a browser." },
                { name: "process", message: "No environment access in domain code." },
                { name: "require", message: "ES imports only." },
                { name: "__dirname", message: "No file system paths in domain code." },
            ],
            // Erasable TypeScript only (scripts/generate-event-docs.ts runs these sources under
            // Node's type stripping). Not tsconfig's erasableSyntaxOnly: that would also apply
            // to other libraries' sources compiled through path aliases in our tests.
            "no-restricted-syntax": [
                "error",
                { selector: "TSEnumDeclaration", message: "No enums: use `as const` arrays." },
                { selector: "TSParameterProperty", message: "No parameter properties: declare the field." },
                { selector: "TSModuleDeclaration[kind!='global']", message: "No namespaces." },
            ],
        },
    },
];
