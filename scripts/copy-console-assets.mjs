// The console's files are served as written (no bundler): the build copies them beside the compiled server.
import { cpSync, rmSync } from 'node:fs';

rmSync('dist/console', { recursive: true, force: true });
cpSync('src/console', 'dist/console', { recursive: true });
