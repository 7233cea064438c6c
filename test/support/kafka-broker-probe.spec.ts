/** The readiness probe of the test Kafka finds each partition of __consumer_offsets the way Kafka places groups. */
import { javaStringHashCode, probeGroupIds } from './kafka-broker';

describe('test Kafka readiness probe', () => {
  it('hashes group ids as java.lang.String#hashCode does (32-bit overflow included)', () => {
    expect(javaStringHashCode('')).toBe(0);
    expect(javaStringHashCode('hello')).toBe(99162322);
    // values printed by jshell ("...".hashCode())
    expect(javaStringHashCode('clause-ledger.test.projector')).toBe(650008999);
    expect(javaStringHashCode('é€')).toBe(15587);
    expect(javaStringHashCode('polygenelubricants')).toBe(-2147483648);
  });

  it.each([1, 3, 50])('picks one group id on each of %i partitions', (partitions) => {
    const ids = probeGroupIds(partitions);
    const placed = ids.map((id) => Math.abs(javaStringHashCode(id)) % partitions);
    expect(new Set(placed).size).toBe(partitions);
    expect(ids).toHaveLength(partitions);
  });
});
