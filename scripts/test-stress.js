#!/usr/bin/env node
/**
 * npm run test:stress [-- RUNS [JEST ARGS...]]: the whole jest suite RUNS times (default 5, or TEST_STRESS_RUNS) while a
 * child node process keeps one core busy, as a loaded CI machine would; JEST ARGS go to every run. Prints each run's result line; exits 1 if any
 * run failed. The busy child is killed at the end whatever happens (even on Ctrl-C).
 */
const { spawn } = require('node:child_process');
const { resolve } = require('node:path');

const runs = Number(process.argv[2] ?? process.env.TEST_STRESS_RUNS ?? 5);
const jestArgs = process.argv.slice(3);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`test:stress: the number of runs must be a positive integer, got ${process.argv[2] ?? process.env.TEST_STRESS_RUNS}`);
  process.exit(2);
}
const root = resolve(__dirname, '..');
const jest = require.resolve('jest/bin/jest', { paths: [root] });

const busy = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
const stopBusy = () => { if (busy.exitCode === null && busy.signalCode === null) busy.kill('SIGKILL'); };
process.on('exit', stopBusy);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => { stopBusy(); process.exit(130); });

/** One jest run; resolves with its exit code and the summary lines printed ("Test Suites: ..." and our reporter's "tests: N passed, ..."). */
function runSuite() {
  return new Promise((done) => {
    const child = spawn(process.execPath, [jest, '--runInBand', ...jestArgs], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'] });
    let tail = '';
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      tail = (tail + chunk.toString()).slice(-20_000);
    });
    child.on('close', (code, signal) => {
      const summary = tail.split('\n').filter((line) => /^(Test Suites:|tests: )/.test(line.replace(/\x1b\[[0-9;]*m/g, '')));
      done({ code: code ?? (signal ? 128 : 1), summary: summary.map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trim()) });
    });
  });
}

(async () => {
  const results = [];
  for (let n = 1; n <= runs; n++) {
    const started = Date.now();
    const { code, summary } = await runSuite();
    const line = `run ${n}/${runs}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${Math.round((Date.now() - started) / 1000)} s — ${summary.join('; ') || 'no jest summary'}`;
    results.push({ code, line });
    console.log(`\ntest:stress ${line}\n`);
  }
  stopBusy();
  console.log('test:stress, one core kept busy:');
  for (const r of results) console.log(`  ${r.line}`);
  const failed = results.filter((r) => r.code !== 0).length;
  console.log(failed === 0 ? `test:stress: ${runs}/${runs} green` : `test:stress: ${failed}/${runs} FAILED`);
  process.exit(failed === 0 ? 0 : 1);
})().catch((error) => {
  console.error(error);
  stopBusy();
  process.exit(1);
});
