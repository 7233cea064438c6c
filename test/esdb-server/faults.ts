/**
 * Failure modes of the test server, switched on per test, each as EventStoreDB shows it on the wire
 * (read from its source, KurrentDB v25.0.0 and EventStoreDB 22.10/23.10). TEST CODE ONLY.
 */
import * as grpc from '@grpc/grpc-js';

export type AppendFault =
  /** The events are committed, then the answer is the server's write timeout (CommitTimeout). */
  | 'commit-then-timeout'
  /** The events are committed, then no answer ever comes (a node that stalls or dies after its commit). */
  | 'commit-then-silence'
  /** Not handled, nothing written: BatchAppend answers "Server Is Not Ready" (NotHandled.NotReady). */
  | 'not-ready'
  /** Not handled, nothing written: BatchAppend answers "Server Is Busy" (NotHandled.TooBusy). */
  | 'busy';

/** gRPC status of the subscription dropped by EventStoreDB <= 23.10 when its live buffer overflowed. */
const CONSUMER_TOO_SLOW: Partial<grpc.StatusObject> = {
  code: grpc.status.ABORTED,
  details: 'Operation timed out: Consumer too slow to handle event while live. Client resubscription required.',
};

export class ServerFaults {
  private readonly appendFaults: AppendFault[] = [];
  private readonly liveSubscriptions = new Set<(status: Partial<grpc.StatusObject>) => void>();
  /** Appends the server received (Append and BatchAppend), whatever became of them. */
  appendsReceived = 0;
  /** Subscriptions to $all or a stream the server was asked to open, valid or not. */
  subscriptionsRequested = 0;

  /** The next `times` appends meet `fault`. */
  failNextAppends(fault: AppendFault, times = 1): void {
    for (let i = 0; i < times; i++) this.appendFaults.push(fault);
  }

  /** The fault the append being received meets, if any (and counts the append). */
  takeAppendFault(): AppendFault | undefined {
    this.appendsReceived += 1;
    return this.appendFaults.shift();
  }

  /** Ends every open subscription as EventStoreDB does when the consumer falls too far behind. */
  dropSubscriptionsAsTooSlow(): number {
    const drops = [...this.liveSubscriptions];
    for (const drop of drops) drop(CONSUMER_TOO_SLOW);
    return drops.length;
  }

  /** Called by each subscription while it is open; returns the function that forgets it. */
  trackSubscription(drop: (status: Partial<grpc.StatusObject>) => void): () => void {
    this.liveSubscriptions.add(drop);
    return () => this.liveSubscriptions.delete(drop);
  }
}
