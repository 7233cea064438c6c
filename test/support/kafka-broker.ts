/**
 * A real Apache Kafka node (KRaft, broker + controller in one JVM) for integration tests: no mock, no Docker.
 * Apache Kafka's own jars come from Maven Central (scripts/kafka/fetch.sh, cached in .kafka/<version>/libs) and the
 * JVM is launched by scripts/kafka/start-broker.sh in a temp dir, on 127.0.0.1 and free ports.
 *
 *   const broker = await startKafkaBroker();     // in beforeAll(..., KAFKA_START_TIMEOUT_MS)
 *   new Kafka({ brokers: broker.brokers });      // ['127.0.0.1:PORT']
 *   await broker.stop();                         // broker down (graceful); data kept
 *   await broker.restart();                      // up again: same port, same topics, records and offsets
 *   await broker.kill(); await broker.restart(); // crash (SIGKILL), then recovery
 *   await broker.destroy();                      // in afterAll: graceful stop, temp dir deleted
 *
 * No JVM and no temp dir outlives the test process, even one killed with SIGKILL or a jest worker torn down: the
 * JVM has a watchdog (start-broker.sh, KAFKA_WATCH_PID) and each node a detached guardian (scripts/kafka/guard.sh).
 * Jest never waits for a node either (the child process is unref'd), so a forgotten destroy() cannot hang a run.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Admin, Kafka, logLevel } from 'kafkajs';

/** The Kafka release the tests run against, unless KAFKA_VERSION says otherwise (see scripts/kafka/README.md). */
export const DEFAULT_KAFKA_VERSION = '3.9.1';
/** Enough for a cold fetch of the jars (empty ~/.m2) plus a start on a slow machine: use it as beforeAll's timeout. */
export const KAFKA_START_TIMEOUT_MS = 180_000;

const ROOT = resolve(__dirname, '../..');
const SCRIPTS = join(ROOT, 'scripts', 'kafka');

export interface KafkaBrokerOptions {
  /** Apache Kafka release (default: the KAFKA_VERSION env var, else 3.9.1). */
  version?: string;
  /** Client port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** KRaft controller port on 127.0.0.1 (default: a free one). */
  controllerPort?: number;
  /** JVM max heap (default '512m'). */
  heap?: string;
  /** auto.create.topics.enable (default false: tests create their topics explicitly, as production does). */
  autoCreateTopics?: boolean;
  /** More server.properties entries; they win over the defaults of start-broker.sh. */
  serverProperties?: Record<string, string | number | boolean>;
  /** How long one start may take until the broker serves admin requests (default 60 s; a jar fetch comes on top). */
  readyTimeoutMs?: number;
  /** Keep the temp dir after destroy() and after the process ends, to read kafka.log. Also KAFKA_KEEP_DIR=1. */
  keepDir?: boolean;
}

export interface KafkaBroker {
  /** Bootstrap servers for kafkajs, e.g. ['127.0.0.1:40123']; the same across stop/kill/restart. */
  readonly brokers: string[];
  readonly port: number;
  readonly controllerPort: number;
  readonly version: string;
  /** The temp dir: server.properties, data/, kafka.log (the broker's log), jvm.log, launcher.log. */
  readonly dir: string;
  /** The broker's log (log4j, INFO). */
  readonly logFile: string;
  /** PID of the running JVM; undefined while down. */
  readonly pid: number | undefined;
  readonly running: boolean;
  /** Graceful shutdown (SIGTERM: controlled shutdown, logs flushed), resolved once the JVM has exited. Data kept. */
  stop(): Promise<void>;
  /** SIGKILL (a crash), resolved once the JVM has exited. Data kept: restart() recovers it. */
  kill(): Promise<void>;
  /** Graceful stop if running, then a start on the same ports with the same data; resolved once ready. */
  restart(): Promise<void>;
  /** Graceful stop if running, then the temp dir is deleted. Final. */
  destroy(): Promise<void>;
}

/** Makes sure Apache Kafka's jars are in .kafka/<version>/libs (Maven; skipped when present); returns that folder. */
export function ensureKafkaJars(version = defaultVersion()): string {
  return execFileSync('bash', [join(SCRIPTS, 'fetch.sh'), version], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 15 * 60_000,
  }).trim();
}

/** Starts a private Kafka node; resolves once it serves kafkajs admin requests. */
export async function startKafkaBroker(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
  const version = options.version ?? defaultVersion();
  ensureKafkaJars(version);
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const keepDir = options.keepDir ?? process.env.KAFKA_KEEP_DIR === '1';

  // A free port can be taken by someone else before the JVM binds it: on a failed first start, try new ports.
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    let controllerPort = options.controllerPort ?? (await freePort());
    while (controllerPort === port) controllerPort = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'clause-ledger-kafka-broker-'));
    const node = new KafkaNode({ ...options, version, port, controllerPort, dir, readyTimeoutMs, keepDir });
    try {
      await node.start();
      return node;
    } catch (error) {
      const portClash = /Address already in use|BindException/.test(node.logTail());
      await node.kill();
      await node.destroy({ keepDir: !portClash && keepDir });
      if (!portClash || attempt >= 3 || options.port !== undefined || options.controllerPort !== undefined) throw error;
    }
  }
}

function defaultVersion(): string {
  return process.env.KAFKA_VERSION || DEFAULT_KAFKA_VERSION;
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.unref();
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => res(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Nodes not destroyed yet, SIGKILLed and deleted on process 'exit' when that event comes (plain node scripts, jest's
 * globalSetup). It never reaches code inside a jest test file (jest hands it a copy of `process`), nor a process
 * killed with SIGKILL: there the watchdog and the guardian do the work within a second or two.
 */
const liveNodes = new Set<KafkaNode>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const node of liveNodes) node.cleanUpSync();
  });
}

const OFFSETS_TOPIC = '__consumer_offsets';

/**
 * After a restart the broker registers before its group coordinator has loaded the committed offsets: until then an
 * OffsetFetch answers COORDINATOR_LOAD_IN_PROGRESS (or NOT_COORDINATOR while leadership moves in), which kafkajs's
 * admin does not retry. Ready means an OffsetFetch succeeds on every partition of __consumer_offsets, probed with one
 * group id per partition (a group lives on partition abs(javaHashCode(groupId)) % partitions, as Kafka computes it).
 * A broker that never had a consumer group has no such topic, and nothing to load.
 */
async function groupOffsetsLoaded(admin: Admin): Promise<true> {
  if (!(await admin.listTopics()).includes(OFFSETS_TOPIC)) return true;
  const [metadata] = (await admin.fetchTopicMetadata({ topics: [OFFSETS_TOPIC] })).topics;
  const partitions = metadata.partitions.length;
  for (const groupId of probeGroupIds(partitions)) await admin.fetchOffsets({ groupId }); // throws until loaded
  return true;
}

/** One group id landing on each partition of a `partitions`-partition __consumer_offsets. */
export function probeGroupIds(partitions: number): string[] {
  const found = new Map<number, string>();
  for (let i = 0; found.size < partitions; i++) {
    const groupId = `kafka-broker-readiness-${i}`;
    const partition = kafkaAbs(javaStringHashCode(groupId)) % partitions;
    if (!found.has(partition)) found.set(partition, groupId);
  }
  return [...found.values()];
}

/** java.lang.String#hashCode (UTF-16 code units, 32-bit overflow). */
export function javaStringHashCode(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  return hash;
}

/** org.apache.kafka.common.utils.Utils#abs: Integer.MIN_VALUE maps to 0. */
const kafkaAbs = (n: number): number => (n === -2147483648 ? 0 : Math.abs(n));

interface NodeConfig extends KafkaBrokerOptions {
  version: string;
  port: number;
  controllerPort: number;
  dir: string;
  readyTimeoutMs: number;
  keepDir: boolean;
}

class KafkaNode implements KafkaBroker {
  readonly brokers: string[];
  readonly port: number;
  readonly controllerPort: number;
  readonly version: string;
  readonly dir: string;
  readonly logFile: string;
  private proc: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private guardian: ChildProcess | undefined;
  private destroyed = false;

  constructor(private readonly config: NodeConfig) {
    this.port = config.port;
    this.controllerPort = config.controllerPort;
    this.version = config.version;
    this.dir = config.dir;
    this.brokers = [`127.0.0.1:${config.port}`];
    this.logFile = join(config.dir, 'kafka.log');
  }

  get pid(): number | undefined {
    return this.running ? this.proc?.pid : undefined;
  }

  get running(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.destroyed) throw new Error(`Kafka node ${this.brokers[0]} was destroyed; start a new one`);
    if (this.running) return;
    installExitHook();
    liveNodes.add(this);
    this.guard();
    const { config } = this;
    const extra = Object.entries(config.serverProperties ?? {}).map(([k, v]) => `${k}=${v}`);
    const out = openSync(join(config.dir, 'launcher.log'), 'a');
    const proc = spawn('bash', [join(SCRIPTS, 'start-broker.sh'), config.dir], {
      cwd: ROOT,
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        KAFKA_VERSION: config.version,
        KAFKA_PORT: String(config.port),
        KAFKA_CONTROLLER_PORT: String(config.controllerPort),
        KAFKA_HEAP: config.heap ?? '512m',
        KAFKA_AUTO_CREATE_TOPICS: String(config.autoCreateTopics ?? false),
        KAFKA_EXTRA_PROPERTIES: extra.join('\n'),
        KAFKA_WATCH_PID: String(process.pid),
        KAFKA_WATCH_RMDIR: '0', // the guardian owns the dir: it must outlive a stop() for restart()
      },
    });
    closeSync(out);
    proc.unref(); // never keeps jest (or a script) alive
    this.proc = proc;
    this.exited = new Promise<void>((res) => proc.once('exit', () => res()));
    await this.untilReady(proc);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    const proc = this.proc!;
    proc.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((res) => (timer = setTimeout(() => res(true), 30_000)));
    const forced = await Promise.race([this.exited.then(() => false), timedOut]);
    clearTimeout(timer);
    if (forced) {
      proc.kill('SIGKILL');
      await this.exited;
    }
  }

  async kill(): Promise<void> {
    if (!this.running) return;
    this.proc!.kill('SIGKILL');
    await this.exited;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async destroy(options: { keepDir?: boolean } = {}): Promise<void> {
    if (this.destroyed) return;
    await this.stop();
    this.destroyed = true;
    liveNodes.delete(this);
    this.guardian?.kill('SIGTERM');
    this.guardian = undefined;
    if (!(options.keepDir ?? this.config.keepDir)) rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }

  /** The end of the launcher's output, the JVM's output and the broker's log, for error messages. */
  logTail(lines = 40): string {
    const tail = (file: string) =>
      existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '';
    return [tail(join(this.dir, 'launcher.log')), tail(join(this.dir, 'jvm.log')), tail(this.logFile)]
      .filter(Boolean)
      .join('\n---\n');
  }

  cleanUpSync(): void {
    try {
      if (this.running) this.proc!.kill('SIGKILL');
      this.guardian?.kill('SIGTERM');
    } catch {
      /* already gone */
    }
    if (!this.config.keepDir) rmSync(this.dir, { recursive: true, force: true });
  }

  /** One detached guardian per node (not per JVM): it outlives stop() and this process, to clean up after both. */
  private guard(): void {
    if (this.guardian) return;
    const args = [join(SCRIPTS, 'guard.sh'), String(process.pid), this.dir, ...(this.config.keepDir ? ['keep'] : [])];
    this.guardian = spawn('bash', args, { detached: true, stdio: 'ignore' });
    this.guardian.unref();
  }

  private async untilReady(proc: ChildProcess): Promise<void> {
    const started = Date.now();
    const deadline = started + this.config.readyTimeoutMs;
    let lastError = 'not tried yet';
    while (Date.now() < deadline) {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        throw new Error(
          `Kafka ${this.version} on ${this.brokers[0]} exited (${proc.exitCode ?? proc.signalCode}) before it was ready; ` +
            `${this.dir}:\n${this.logTail()}`,
        );
      }
      const admin = new Kafka({
        clientId: 'kafka-broker-readiness',
        brokers: this.brokers,
        logLevel: logLevel.NOTHING,
        connectionTimeout: 1000,
        requestTimeout: 2000,
        retry: { retries: 0 },
      }).admin();
      try {
        await admin.connect();
        if ((await admin.describeCluster()).brokers.length === 0) lastError = 'no broker registered yet';
        else if (await groupOffsetsLoaded(admin)) return;
      } catch (error) {
        lastError = (error as Error).message;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
      await sleep(200);
    }
    throw new Error(
      `Kafka ${this.version} on ${this.brokers[0]} not ready after ${Date.now() - started} ms (${lastError}); ` +
        `${this.dir}:\n${this.logTail()}`,
    );
  }
}
