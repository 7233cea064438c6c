/**
 * A gRPC server speaking enough of EventStoreDB's protocol for @eventstore/db-client, built from
 * the service definitions the client package ships. Storage is an InMemoryLog that outlives the
 * server, so a test can stop it (every connection dropped, like a crashed node) and start it again
 * on the same port. Binds 127.0.0.1 only. TEST CODE ONLY — never a product store.
 */
import * as grpc from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { InMemoryLog } from './in-memory-log';
import { AppendLimits, DEFAULT_MAX_APPEND_SIZE, appendHandler, batchAppendHandler } from './streams-append';
import { ServerFaults } from './faults';
import { readHandler } from './streams-read';

export interface EsdbTestServerOptions {
  /** 0 (default) picks a free port; the port is kept across stop()/start(). */
  readonly port?: number;
  /** Pass the state of a previous server to keep its events. */
  readonly state?: InMemoryLog;
  /** Advertise Streams.BatchAppend, as servers >= 21.10 do; the client then appends through it. Default true. */
  readonly batchAppend?: boolean;
  /** Largest append in bytes (MaxAppendSize); default KurrentDB 25.0's 1 MiB. */
  readonly maxAppendSize?: number;
}

export interface EsdbTestServer {
  readonly port: number;
  readonly connectionString: string;
  readonly state: InMemoryLog;
  /** Failure modes to switch on, and counters of what the server received. */
  readonly faults: ServerFaults;
  readonly running: boolean;
  /** Drops every connection and stops listening; the events stay in `state`, recent event ids are forgotten. */
  stop(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
}

const SERVER_VERSION = '23.10.0';

export async function startEsdbTestServer(options: EsdbTestServerOptions = {}): Promise<EsdbTestServer> {
  const state = options.state ?? new InMemoryLog();
  const batchAppend = options.batchAppend ?? true;
  const faults = new ServerFaults();
  const limits = { maxAppendSize: options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE };
  let port = options.port ?? 0;
  let server: grpc.Server | undefined;

  const start = async () => {
    if (server) return;
    const next = createServer(state, faults, limits, batchAppend);
    port = await bindWithRetry(next, port);
    server = next;
  };
  const stop = async () => {
    server?.forceShutdown();
    server = undefined;
    state.forgetRecentEventIds();
  };
  await start();
  return {
    get port() { return port; },
    get connectionString() { return `esdb://127.0.0.1:${port}?tls=false`; },
    get running() { return server !== undefined; },
    state,
    faults,
    start,
    stop,
    restart: async () => { await stop(); await start(); },
  };
}

function createServer(state: InMemoryLog, faults: ServerFaults, limits: AppendLimits, batchAppend: boolean): grpc.Server {
  const server = new grpc.Server();
  server.addService(StreamsService, {
    read: readHandler(state, faults),
    append: appendHandler(state, faults, limits),
    ...(batchAppend ? { batchAppend: batchAppendHandler(state, faults, limits) } : {}),
  });
  server.addService(ServerFeaturesService, {
    getSupportedMethods: (_call: unknown, callback: grpc.sendUnaryData<SupportedMethods>) => {
      callback(null, supportedMethods(batchAppend));
    },
  });
  return server;
}

function supportedMethods(batchAppend: boolean): SupportedMethods {
  const streams = ['read', 'append', ...(batchAppend ? ['batchappend'] : [])];
  return new SupportedMethods()
    .setEventStoreServerVersion(SERVER_VERSION)
    .setMethodsList([
      ...streams.map((m) => new SupportedMethod().setServiceName('event_store.client.streams.streams').setMethodName(m)),
      new SupportedMethod().setServiceName('event_store.client.server_features.serverfeatures').setMethodName('getsupportedmethods'),
    ]);
}

/** A port freed by a stop() a moment ago can still be held by the closing listener. */
async function bindWithRetry(server: grpc.Server, port: number): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await new Promise<number>((resolve, reject) => {
        server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
      });
    } catch (error) {
      if (attempt >= 50 || port === 0) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
