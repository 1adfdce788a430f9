#!/usr/bin/env node
// Thin launcher so `npx canopy` and the installed bin run the compiled CLI, bundled into one file
// (scripts/bundle-cli.mjs) so that it starts quickly.
await import('../dist/bundle/canopy.js');
