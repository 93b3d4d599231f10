/**
 * What a real server does for a worker that is gone, done for the time-skipping server, which does not: hand
 * the gone worker's cached workflows to the workers still running.
 *
 * A worker that caches workflows polls a sticky queue of its own, named by Core as its identity and a random
 * suffix, and the server sends each next task (and query) of those workflows there. A real server moves such a
 * task to the task queue after the sticky schedule-to-start timeout, or at once when the worker says it is
 * shutting down. The time-skipping server does neither (its ShutdownWorker does nothing; it answers
 * ResetStickyTaskQueue with UNIMPLEMENTED): the task would wait for the gone worker for ever, holding the
 * server's clock.
 *
 * `StickyQueueHandover` is a gRPC proxy between the workers and the server. It reads the name of the sticky
 * queue each worker polls; once a worker is declared gone, one poll at a time of each running worker's sticky
 * polls is sent to the gone worker's queue instead. A task found there reaches a worker that does not hold its
 * workflow, which fetches the workflow's history and replays it, as after any eviction from its cache, and
 * then takes the workflow onto its own sticky queue. Nothing else about the traffic changes.
 */
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import proto from '@temporalio/proto';

const POLL_PATH = '/temporal.api.workflowservice.v1.WorkflowService/PollWorkflowTaskQueue';
const { TaskQueueKind } = proto.temporal.api.enums.v1;
const { PollWorkflowTaskQueueRequest } = proto.temporal.api.workflowservice.v1;

/**
 * The protobuf messages of a gRPC request body: each framed by a compression flag and a 4-byte length, and
 * gzipped where the flag says so (the encoding Core's client sends with).
 */
function grpcMessages(body: Buffer): Buffer[] {
  const messages: Buffer[] = [];
  for (let at = 0; at + 5 <= body.length;) {
    const length = body.readUInt32BE(at + 1);
    const message = body.subarray(at + 5, at + 5 + length);
    messages.push(body[at] === 1 ? gunzipSync(message) : message);
    at += 5 + length;
  }
  return messages;
}

export class StickyQueueHandover {
  /** Each worker's sticky queue, by the worker's identity. */
  private readonly names = new Map<string, string>();
  /** The sticky queues of gone workers, each with whether a poll is on it now. */
  private readonly gone = new Map<string, boolean>();
  /** Polls sent to a gone worker's queue instead of their own. */
  redirectedPolls = 0;

  private constructor(
    private readonly server: http2.Http2Server,
    private readonly upstream: http2.ClientHttp2Session,
    /** The address workers connect to instead of the server's. */
    readonly address: string,
  ) {}

  /** A proxy to the server at `target` (host:port), listening on a free local port. */
  static async start(target: string): Promise<StickyQueueHandover> {
    const upstream = http2.connect(`http://${target}`);
    upstream.on('error', () => undefined); // a call in flight fails on its own stream
    const server = http2.createServer();
    const handover = await new Promise<StickyQueueHandover>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        resolve(new StickyQueueHandover(server, upstream, `127.0.0.1:${port}`));
      });
    });
    server.on('stream', (stream, headers) => handover.forward(stream, headers));
    return handover;
  }

  /** The worker of this identity is gone: the running workers take over its sticky queue. */
  workerGone(identity: string): void {
    const queue = this.names.get(identity);
    if (queue !== undefined && !this.gone.has(queue)) this.gone.set(queue, false);
  }

  private forward(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
    const outgoing: http2.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(headers)) {
      if (name === ':authority' || value === undefined) continue;
      outgoing[name] = value;
    }
    const call = this.upstream.request(outgoing);
    /** The gone worker's queue this poll was sent to, if it was. */
    let taken: string | undefined;
    if (headers[':path'] === POLL_PATH) {
      // A poll is read whole (one small message), perhaps sent to a gone worker's queue, then forwarded.
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const poll = this.poll(Buffer.concat(chunks));
        taken = poll.taken;
        call.end(poll.body);
      });
    } else {
      stream.pipe(call);
    }
    let trailers: http2.IncomingHttpHeaders | undefined;
    call.on('response', (responseHeaders, flags) => {
      if (stream.destroyed) return;
      // A reply of headers alone (an error status) ends the stream with them.
      const endStream = (flags & http2.constants.NGHTTP2_FLAG_END_STREAM) !== 0;
      stream.respond(responseHeaders, endStream ? { endStream: true } : { waitForTrailers: true });
      if (!endStream) call.pipe(stream);
    });
    call.on('trailers', (received: http2.IncomingHttpHeaders) => {
      trailers = received;
    });
    stream.on('wantTrailers', () => stream.sendTrailers(trailers ?? { 'grpc-status': '0' }));
    // A call the worker abandons (a poll cut by its shutdown) is abandoned on the server too, which then
    // withdraws the poll instead of handing a task to nobody.
    stream.on('close', () => {
      if (!call.closed) call.close(http2.constants.NGHTTP2_CANCEL);
    });
    // The server's reset reaches the worker as a reset; a call that ended well ends with its trailers.
    call.on('close', () => {
      if (taken !== undefined) this.gone.set(taken, false);
      const code = call.rstCode ?? http2.constants.NGHTTP2_NO_ERROR;
      if (code !== http2.constants.NGHTTP2_NO_ERROR && !stream.closed) stream.close(code);
    });
    stream.on('error', () => undefined);
    call.on('error', () => undefined);
  }

  /**
   * Reads a poll's worker and sticky queue; a sticky poll goes to a gone worker's queue that no poll is on.
   * Returns the body to forward, and the gone worker's queue it was sent to.
   */
  private poll(body: Buffer): { body: Buffer; taken?: string } {
    const [message] = grpcMessages(body);
    if (!message) return { body };
    const request = PollWorkflowTaskQueueRequest.decode(message);
    const queue = request.taskQueue;
    if (queue?.kind !== TaskQueueKind.TASK_QUEUE_KIND_STICKY || !queue.name || !request.identity) {
      return { body };
    }
    this.names.set(request.identity, queue.name);
    // One poll at most on each gone queue, so each takes one of the worker's sticky polls: a run replaces its
    // worker a few times, and the worker keeps most of its polls (Core's default sticky pollers) for its own.
    const taken = [...this.gone].find(([, polled]) => !polled)?.[0];
    if (taken === undefined) return { body };
    this.gone.set(taken, true);
    this.redirectedPolls += 1;
    queue.name = taken;
    const rewritten = PollWorkflowTaskQueueRequest.encode(request).finish();
    const frame = Buffer.alloc(5);
    frame.writeUInt32BE(rewritten.length, 1);
    return { body: Buffer.concat([frame, rewritten]), taken };
  }

  async stop(): Promise<void> {
    this.upstream.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
