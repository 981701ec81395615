const { resolve } = require('node:path');

/**
 * One webpack build for the API's three entry points: they share every module, so one compilation (and
 * one type check) makes all three, into the layout the scripts, the Dockerfile and docker-compose.yml run:
 *
 *   dist/api/main.js      HTTP + websockets (and the built web app from dist/web)
 *   dist/api/worker.js    queue processors
 *   dist/api/migrate.js   applies the migrations and exits
 */
module.exports = (defaults) => ({
  ...defaults,
  entry: {
    main: resolve(__dirname, 'src/main.ts'),
    worker: resolve(__dirname, 'src/worker.ts'),
    migrate: resolve(__dirname, 'src/database/migrate.ts'),
  },
  output: { ...defaults.output, path: resolve(__dirname, '../../dist/api'), filename: '[name].js' },
});
