// Preloaded (`node --import`) by test/node24/run.sh into every Node.js process of a test run on
// another Node.js major: loads better-sqlite3's native addon from a build for that Node.js's ABI
// instead of the one in node_modules, which npm built for the Node.js the project is installed
// with. Only the addon is swapped; every JavaScript file is the same. A process of another ABI
// (an npm or tsc that runs on the machine's own Node.js) is left alone.
import * as module from 'node:module';
import { pathToFileURL } from 'node:url';

const addon = process.env.CLINIC_SLOTS_BETTER_SQLITE3_ADDON;
const abi = process.env.CLINIC_SLOTS_BETTER_SQLITE3_ABI;
if (!addon || !abi) throw new Error('CLINIC_SLOTS_BETTER_SQLITE3_ADDON and CLINIC_SLOTS_BETTER_SQLITE3_ABI must be set');

if (process.versions.modules === abi) {
  const replacement = pathToFileURL(addon).href;
  module.registerHooks({
    resolve(specifier, context, next) {
      const resolved = next(specifier, context);
      return resolved.url.endsWith('/better-sqlite3/build/Release/better_sqlite3.node') ? { ...resolved, url: replacement } : resolved;
    },
  });
}
