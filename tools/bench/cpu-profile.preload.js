// Preloaded into the API and worker processes by the benchmarks when BENCH_CPU_PROFILE_DIR is set: a
// V8 CPU profile of the whole run, written when the process is told to stop (the processes stop on
// SIGTERM through their own shutdown hooks, which --cpu-prof would not see).
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

const directory = process.env.BENCH_CPU_PROFILE_DIR;
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.start');
process.prependOnceListener('SIGTERM', () => {
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    const name = `${path.basename(process.argv[1] || 'node', '.ts')}-${process.pid}.cpuprofile`;
    fs.writeFileSync(path.join(directory, name), JSON.stringify(result.profile));
  });
});
