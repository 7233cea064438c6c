/**
 * Runs a TypeScript worker script in a worker thread under jest (whose transform does not reach
 * worker threads, and there is no ts-node here): each .ts file is transpiled as it is required, the
 * @clause-ledger aliases resolve as in tsconfig.json. workerData.tsEntry names the script.
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { workerData } = require('node:worker_threads');
const ts = require('typescript');
const tsconfigPaths = require('tsconfig-paths');

const root = join(__dirname, '..', '..');
const { config } = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
tsconfigPaths.register({ baseUrl: root, paths: config.compilerOptions.paths });
const compilerOptions = { ...ts.convertCompilerOptionsFromJson(config.compilerOptions, root).options, sourceMap: false, inlineSourceMap: false };
require.extensions['.ts'] = (module, filename) => {
  module._compile(ts.transpileModule(readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions }).outputText, filename);
};
require(workerData.tsEntry);
