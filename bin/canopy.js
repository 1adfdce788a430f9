#!/usr/bin/env node
// Thin launcher so `npx canopy` and the installed bin run the compiled CLI, bundled into one file
// and started from its code cache (scripts/bundle-cli.mjs, src/cli/bundle-launcher.ts) so that it
// starts quickly. CommonJS (bin/package.json), as the bundle's own launcher is: an ES module here
// would start Node's ES module loader, about 7 ms of every start.
require('../dist/bundle/canopy.js');
