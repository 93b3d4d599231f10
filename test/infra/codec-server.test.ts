/**
 * The codec endpoint a Web UI calls to show payloads in clear: Temporal's remote codec protocol, on loopback,
 * under a secret path, for the UI's origin alone.
 */
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCodecServer, type CodecServer } from '../../infra/codec-server.js';
import { EncryptionCodec } from '../../infra/payload-codec.js';
import { generateKey, keyRing } from '../../infra/payload-keys.js';

const UI = 'http://localhost:8233';
const codec = new EncryptionCodec(keyRing([generateKey()], 'the test keys'));
const facts = { contact: 'ilse.vandermeer@transcribe.test' };
let server: CodecServer;

const asJson = (payload: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
});

function post(path: string, body: unknown, origin = UI) {
  return fetch(`${server.endpoint}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default', Origin: origin },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  server = await startCodecServer({ codec, origins: [UI] });
});

afterAll(async () => {
  await server?.close();
});

describe('the codec endpoint', () => {
  it('listens on loopback under a secret path', () => {
    expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{24}$/);
  });

  it('decodes what the engine encrypted, and encodes for the UI, in the remote codec protocol', async () => {
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(facts)]);
    const decoded = await post('/decode', { payloads: [asJson(sealed!)] });
    expect(decoded.status).toBe(200);
    expect(decoded.headers.get('access-control-allow-origin')).toBe(UI);
    const { payloads } = (await decoded.json()) as {
      payloads: { metadata: Record<string, string>; data: string }[];
    };
    expect(Buffer.from(payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(payloads[0]!.data, 'base64').toString())).toEqual(facts);

    const encoded = await post('/encode', { payloads });
    const [again] = ((await encoded.json()) as { payloads: { data: string }[] }).payloads;
    expect(Buffer.from(again!.data, 'base64').toString('latin1')).not.toContain('vandermeer');
  });

  it('answers the UI’s preflight, and refuses a page of another origin', async () => {
    const preflight = await fetch(`${server.endpoint}/decode`, {
      method: 'OPTIONS',
      headers: { Origin: UI, 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('X-Namespace');

    const elsewhere = await post('/decode', { payloads: [] }, 'https://evil.example');
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('knows nothing outside its secret path', async () => {
    const guessed = await fetch(server.endpoint.replace(/\/[^/]+$/, '/decode'), {
      method: 'POST',
      body: JSON.stringify({ payloads: [] }),
    });
    expect(guessed.status).toBe(404);
  });

  it('names the key it lacks, and a malformed request, plainly', async () => {
    const stranger = new EncryptionCodec(keyRing([{ id: 'k-other', key: generateKey().key }], 'other keys'));
    const [sealed] = await stranger.encode([defaultPayloadConverter.toPayload(facts)]);
    const refused = await post('/decode', { payloads: [asJson(sealed!)] });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/encrypted with key "k-other"/);
    expect((await post('/decode', { nothing: true })).status).toBe(400);
  });
});
