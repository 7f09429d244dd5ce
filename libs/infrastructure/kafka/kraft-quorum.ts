import { connect } from 'node:net';

const METADATA_TOPIC = '__cluster_metadata';

/**
 * DescribeQuorum v0 (API key 55) for the metadata partition, to a controller listener. Only the Java clients
 * know this request, and the broker's jars lack the tool that sends it (kafka-metadata-quorum is in
 * kafka-tools), so it is written here. v0 is a flexible version: header v2, compact arrays and strings.
 */
function describeQuorumRequest(): Buffer {
  const clientId = 'lgsp-cluster';
  // Zero-filled, so every tagged-field count (header, partition, topic, request) is already 0.
  const request = Buffer.alloc(4 + 10 + clientId.length + 1 + 2 + METADATA_TOPIC.length + 1 + 4 + 3);
  let at = request.writeInt32BE(request.length - 4);
  at = request.writeInt16BE(55, at);
  at = request.writeInt16BE(0, at);
  at = request.writeInt32BE(1, at); // correlation id: one request per connection
  at = request.writeInt16BE(clientId.length, at);
  at += request.write(clientId, at) + 1;
  at = request.writeUInt8(2, at); // one topic: compact lengths are n + 1
  at = request.writeUInt8(METADATA_TOPIC.length + 1, at);
  at += request.write(METADATA_TOPIC, at);
  request.writeUInt8(2, at); // one partition, 0: the zeros that follow
  return request;
}

/** The leader id in a DescribeQuorum v0 response; undefined when the node that answered is not the leader. */
function quorumLeader(response: Buffer): number | undefined {
  // Laid out as asked: correlation id, no header tags, error, one topic (its name), one partition.
  const partition = 4 + 1 + 2 + 2 + METADATA_TOPIC.length + 1;
  if (response[4] !== 0 || response[7] !== 2 || response[partition - 1] !== 2) return undefined;
  // The request's error, then the partition's: a follower answers NOT_LEADER_OR_FOLLOWER.
  if (response.readInt16BE(5) !== 0 || response.readInt16BE(partition + 4) !== 0) return undefined;
  const leader = response.readInt32BE(partition + 6);
  return leader >= 0 ? leader : undefined;
}

/** The quorum leader as the node on `controllerPort` sees it; undefined when it is not the leader or is down. */
export function askQuorumLeader(controllerPort: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: controllerPort });
    let received = Buffer.alloc(0);
    const finish = (leader?: number): void => {
      socket.destroy();
      resolve(leader);
    };
    socket.setTimeout(2_000, () => finish());
    socket.once('error', () => finish());
    socket.once('connect', () => socket.write(describeQuorumRequest()));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4 || received.length < 4 + received.readInt32BE(0)) return;
      try {
        finish(quorumLeader(received.subarray(4)));
      } catch {
        finish();
      }
    });
  });
}
