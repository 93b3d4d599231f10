/**
 * Temporal's remote codec protocol over HTTP, so a Web UI shows case payloads in clear to whoever holds the
 * key: `POST <endpoint>/decode` and `/encode` with `{"payloads": [...]}` (payloads in protobuf JSON, bytes as
 * base64), answered in kind.
 *
 * It listens on loopback only, answers browsers only from the Web UI origins it is given (CORS), and only under
 * a random path: the endpoint URL is the secret. Anyone who knows it can decrypt through it, so it goes to
 * the people who hold the key, in their browser's codec setting, or to the embedded Web UI of a machine no one
 * else uses (README, "Security").
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';

const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface CodecServer {
  /** What a Web UI is given as its codec endpoint: `http://127.0.0.1:<port>/<secret>`. */
  endpoint: string;
  close(): Promise<void>;
}

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Browser origins allowed to call it, e.g. `http://localhost:8233`. */
  origins: string[];
  /** 0 (the default) takes a free port. */
  port?: number;
}

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

function fromJson(payload: JsonPayload): Payload {
  const metadata = Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(String(value), 'base64')]),
  );
  return { metadata, data: Buffer.from(String(payload.data ?? ''), 'base64') };
}

function toJson(payload: Payload): JsonPayload {
  const base64 = (bytes: Uint8Array | null | undefined) =>
    Buffer.from(bytes ?? new Uint8Array()).toString('base64');
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, base64(value)]),
    ),
    data: base64(payload.data),
  };
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readPayloads(request: IncomingMessage): Promise<Payload[]> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'expected a JSON body {"payloads": [...]}');
  }
  const payloads = (body as { payloads?: unknown } | null)?.payloads;
  if (!Array.isArray(payloads)) throw new HttpError(400, 'expected a JSON body {"payloads": [...]}');
  return payloads.map((p) => fromJson((p ?? {}) as JsonPayload));
}

export async function startCodecServer(options: CodecServerOptions): Promise<CodecServer> {
  const secret = randomBytes(18).toString('base64url');
  const origins = new Set(options.origins);

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const origin = request.headers.origin;
    if (origin && origins.has(origin)) {
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      response.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
      response.setHeader('Access-Control-Allow-Credentials', 'true');
      response.setHeader('Vary', 'Origin');
    }
    const path = new URL(request.url ?? '/', 'http://codec').pathname;
    const action =
      path === `/${secret}/encode` ? 'encode' : path === `/${secret}/decode` ? 'decode' : undefined;
    if (!action) throw new HttpError(404, 'not found');
    // A browser page of another origin gets no answer it could read; its preflight is refused outright.
    if (origin && !origins.has(origin)) throw new HttpError(403, 'origin not allowed');
    if (request.method === 'OPTIONS') {
      response.writeHead(204).end();
      return;
    }
    if (request.method !== 'POST') throw new HttpError(405, 'use POST');
    const payloads = await readPayloads(request);
    const result = await options.codec[action](payloads);
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ payloads: result.map(toJson) }));
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 400;
      // The codec's own errors name key IDs, never payload contents.
      response.writeHead(status, { 'Content-Type': 'text/plain' }).end((error as Error).message);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/${secret}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
