/**
 * `npm run demo`: the clinic-slots HTTP API on port 8000 (or $PORT), on a SQLite file by default.
 * See `--help`. SIGINT (Ctrl-C) and SIGTERM stop it gracefully: requests in flight finish, then
 * the database is closed.
 */
import { configFrom } from './config.js';
import { startServer } from './server.js';

async function main(): Promise<void> {
  let config;
  try {
    config = configFrom(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`clinic-slots: ${error instanceof Error ? error.message : String(error)} (see --help)`);
    process.exit(2);
  }
  if ('help' in config) {
    console.log(config.help);
    return;
  }

  // Listen for the signals before anything else, so that one sent as soon as the URL is printed
  // (or during start-up) is handled, not fatal.
  const starting = startServer(config);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`clinic-slots: ${signal} again, exiting now`);
      process.exit(1);
    }
    stopping = true;
    console.log(`clinic-slots: ${signal}, shutting down`);
    starting
      .then((server) => server.close())
      .then(
        () => {
          console.log('clinic-slots: stopped');
          process.exit(0);
        },
        (error: unknown) => {
          console.error('clinic-slots: error while shutting down', error);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const server = await starting;
  console.log(`clinic-slots HTTP API on ${server.url} (storage: ${server.storage})`);
  if (config.patientConflicts) console.log('Patient-conflict rule on: a patient cannot be booked twice at once (409 PATIENT_BUSY)');
  if (server.seeded.length > 0) console.log(`Seeded an empty store with doctors: ${server.seeded.join(', ')}`);
  console.log(`API docs: ${server.url}/docs`);
}

main().catch((error: unknown) => {
  console.error('clinic-slots: could not start', error);
  process.exit(1);
});
