#!/usr/bin/env node
// Thin launcher so `npx canopy` and the installed bin run the compiled CLI.
await import('../dist/cli/index.js');
