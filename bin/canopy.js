#!/usr/bin/env node
// Thin launcher so `npx canopy` and the installed bin run the compiled CLI, bundled into one file
// and started from its code cache (scripts/bundle-cli.mjs, src/cli/bundle-launcher.ts) so that it
// starts quickly.
await import('../dist/bundle/canopy.js');
