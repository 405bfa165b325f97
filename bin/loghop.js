#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's CommonJS hook, so `npx loghop` works right after `npm ci`.
require("tsx/cjs");
require("../cli/main.ts");
