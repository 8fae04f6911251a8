#!/usr/bin/env node
// The `relais` command: runs the compiled CLI from dist/ (built by `npm run build:server`,
// which `npm install` runs through the prepare script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/server/cli/index.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'Relais is not built yet: run `npm run build` (or `npm install`) in the Relais folder, then try again.\n' +
      "Relais n’est pas encore compilé : lancez `npm run build` (ou `npm install`) dans le dossier de Relais, puis réessayez.\n",
  );
  process.exit(1);
}
const { runCli } = await import(entry.href);
process.exitCode = await runCli(process.argv);
