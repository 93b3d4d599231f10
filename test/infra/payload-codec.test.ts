/**
 * The payload codec: what reaches the server is sealed with AES-256-GCM under a named key, keys rotate
 * without re-encrypting history, and payloads written before encryption still load.
 */
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApplicationFailure,
  defaultPayloadConverter,
  METADATA_ENCODING_KEY,
  str,
  type FailureConverter,
  type Payload,
} from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import {
  EncryptionCodec,
  ENCRYPTED_ENCODING,
  isEncrypted,
  KEY_ID_METADATA,
} from '../../infra/payload-codec.js';
import { testDataConverter, testKeyRing } from '../helpers/payload-keys.js';
import {
  generateKey,
  KeySettingError,
  keyRing,
  parseKeys,
  PayloadKeyError,
  resolveKeys,
  writeKeyFile,
  type PayloadKey,
} from '../../infra/payload-keys.js';

const facts = { description: 'Voice recordings of Ilse Vandermeer sent to the wrong customer' };
const toPayload = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const fromPayload = (payload: Payload): unknown => defaultPayloadConverter.fromPayload(payload);
const codecOf = (keys: PayloadKey[], keyId?: string) =>
  new EncryptionCodec(keyRing(keys, 'the test keys', keyId));

async function roundTrip(
  encoder: EncryptionCodec,
  decoder: EncryptionCodec,
  value: unknown,
): Promise<unknown> {
  const [sealed] = await encoder.encode([toPayload(value)]);
  const [opened] = await decoder.decode([sealed!]);
  return fromPayload(opened!);
}

describe('the payload codec', () => {
  it('seals a payload so that its text is gone, names the key, and opens it again', async () => {
    const key = generateKey();
    const codec = codecOf([key]);
    const [sealed] = await codec.encode([toPayload(facts)]);
    expect(str(sealed!.metadata![METADATA_ENCODING_KEY]!)).toBe(ENCRYPTED_ENCODING);
    expect(str(sealed!.metadata![KEY_ID_METADATA]!)).toBe(key.id);
    expect(Buffer.from(sealed!.data!).toString('latin1')).not.toContain('Vandermeer');
    // Only the encoding and the key ID are left in clear: the original metadata is sealed with the data.
    expect(Object.keys(sealed!.metadata!).sort()).toEqual([KEY_ID_METADATA, METADATA_ENCODING_KEY].sort());
    expect(await roundTrip(codec, codec, facts)).toEqual(facts);
  });

  it('encrypts with the newest key after a rotation and still decrypts with the old one', async () => {
    const old = generateKey(new Date('2026-01-01T00:00:00Z'));
    const fresh = generateKey(new Date('2026-06-01T00:00:00Z'));
    const before = codecOf([old]);
    const after = codecOf([old, fresh]);
    const [sealedBefore] = await before.encode([toPayload(facts)]);
    expect(fromPayload((await after.decode([sealedBefore!]))[0]!)).toEqual(facts);
    const [sealedAfter] = await after.encode([toPayload(facts)]);
    expect(str(sealedAfter!.metadata![KEY_ID_METADATA]!)).toBe(fresh.id);
  });

  it('encrypts with the key BREACH_CLOCK_KEY_ID names, when it names one', async () => {
    const [first, second] = [generateKey(), generateKey()];
    const [sealed] = await codecOf([first, second], first.id).encode([toPayload(facts)]);
    expect(str(sealed!.metadata![KEY_ID_METADATA]!)).toBe(first.id);
    expect(() => keyRing([first], 'the test keys', 'nope')).toThrow(/BREACH_CLOCK_KEY_ID: no key "nope"/);
  });

  it('refuses a payload of an unknown key, naming the key ID and never the data', async () => {
    const gone = { id: 'k-retired', key: generateKey().key };
    const [sealed] = await codecOf([gone]).encode([toPayload(facts)]);
    const decoding = codecOf([generateKey()]).decode([sealed!]);
    await expect(decoding).rejects.toThrow(PayloadKeyError);
    const error = (await decoding.catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('"k-retired"');
    expect(error.message).not.toContain('Vandermeer');
  });

  it('fails clearly with a wrong key under the right ID', async () => {
    const [sealed] = await codecOf([{ id: 'k1', key: generateKey().key }]).encode([toPayload(facts)]);
    const error = (await codecOf([{ id: 'k1', key: generateKey().key }])
      .decode([sealed!])
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(PayloadKeyError);
    expect(error.message).toMatch(
      /cannot decrypt a payload with key "k1".*not the key the payload was encrypted with/,
    );
  });

  it('refuses a payload whose sealed bytes were altered', async () => {
    const codec = codecOf([generateKey()]);
    const [sealed] = await codec.encode([toPayload(facts)]);
    const data = Buffer.from(sealed!.data!);
    data[20] = data[20]! ^ 1;
    await expect(codec.decode([{ ...sealed!, data }])).rejects.toThrow(/or the payload was altered/);
  });

  it('passes unencrypted payloads through, so histories from before encryption still load', async () => {
    const plain = [toPayload(facts), toPayload(null), toPayload(new Uint8Array([1, 2, 3]))];
    expect(await codecOf([generateKey()]).decode(plain)).toEqual(plain);
  });
});

describe('failures', () => {
  it('carry their message and stack trace encrypted, readable again with the key', async () => {
    // Every client and worker loads the converter by this path; the workflow bundle is built with it too.
    const path = testDataConverter.failureConverterPath;
    expect(path).toBeDefined();
    const { failureConverter } = (await import(path!)) as { failureConverter: FailureConverter };
    // An SMTP server's refusal names the address it refused: an activity failure that holds personal data.
    const error = ApplicationFailure.create({
      message: '550 5.1.1 <oswin.quillfeather@transcribe.test>: recipient address rejected',
      type: 'MailRefused',
    });
    const failure = failureConverter.errorToFailure(error, defaultPayloadConverter);
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace ?? '').toBe('');
    const codec = new EncryptionCodec(testKeyRing);
    const [sealed] = await codec.encode([failure.encodedAttributes!]);
    expect(isEncrypted(sealed!)).toBe(true);
    expect(Buffer.from(sealed!.data!).toString('latin1')).not.toContain('quillfeather');
    const [opened] = await codec.decode([sealed!]);
    const back = failureConverter.failureToError(
      { ...failure, encodedAttributes: opened! },
      defaultPayloadConverter,
    );
    expect(back).toBeInstanceOf(ApplicationFailure);
    expect(back.message).toBe(error.message);
    expect((back as ApplicationFailure).type).toBe('MailRefused');

    // A key mismatch is said in clear: it names key IDs only, and a client with the wrong key must hear it.
    const mismatch = failureConverter.errorToFailure(
      new PayloadKeyError('cannot decrypt a payload with key "k1" of the key file'),
      defaultPayloadConverter,
    );
    expect(mismatch.message).toBe('cannot decrypt a payload with key "k1" of the key file');
  });
});

describe('payload keys', () => {
  const keyText = (key: PayloadKey) => `${key.id}=${key.key.toString('base64')}`;

  it('are read as <id>=<base64>, one a line or comma-separated, with comments', () => {
    const [a, b] = [generateKey(), generateKey()];
    const keys = parseKeys(`# old\n${keyText(a)}\n\n${keyText(b)} # new\n`, 'file');
    expect(keys.map((k) => k.id)).toEqual([a.id, b.id]);
    expect(parseKeys(`${keyText(a)},${keyText(b)}`, 'env').map((k) => k.id)).toEqual([a.id, b.id]);
  });

  it('refuse a malformed entry naming its line and key ID, never its key material', () => {
    const short = 'c2hvcnQ=';
    expect(() => parseKeys(`k1=${short}`, 'keys')).toThrow(KeySettingError);
    expect(() => parseKeys(`k1=${short}`, 'keys')).toThrow('keys line 1: key "k1" is not 32 bytes in base64');
    const messageOf = (text: string) => {
      try {
        parseKeys(text, 'keys');
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(messageOf(`k1=${short}`)).not.toContain(short);
    // A key without its ID, whose padding looks like the separator: refused without a word of it.
    const bare = generateKey().key.toString('base64');
    expect(messageOf(`\n${bare}`)).toMatch(/^keys line 2: expected <key-id>=<base64 key>/);
    expect(messageOf(`\n${bare}`)).not.toContain(bare.slice(0, 8));
    const key = generateKey();
    expect(() => parseKeys(`${keyText(key)}\n${keyText(key)}`, 'keys')).toThrow(/listed twice/);
    expect(() => parseKeys('# nothing\n', 'keys')).toThrow(/no keys/);
  });

  it('of a local server are generated once into the data folder, readable by the owner alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keys-'));
    const settings = { localFile: join(dir, 'payload-keys') };
    const first = resolveKeys(settings, { local: true, generate: true });
    expect(first.generated?.path).toBe(settings.localFile);
    expect((await stat(settings.localFile)).mode & 0o777).toBe(0o600);
    const again = resolveKeys(settings, { local: true, generate: true });
    expect(again.generated).toBeUndefined();
    expect(again.ring.encryptWith).toBe(first.ring.encryptWith);
    // The CLI finds the same key the same way, and never makes one.
    expect(resolveKeys(settings, { local: true, generate: false }).ring.encryptWith).toBe(
      first.ring.encryptWith,
    );
  });

  it('are never generated for the CLI, which points at the engine instead', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keys-'));
    expect(() =>
      resolveKeys({ localFile: join(dir, 'payload-keys') }, { local: true, generate: false }),
    ).toThrow(/no payload key at .*payload-keys: the engine \("npm start"\) generates it/);
  });

  it('must be configured for a remote server: a key generated here would be on this machine alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keys-'));
    const localFile = join(dir, 'payload-keys');
    expect(() => resolveKeys({ localFile }, { local: false, generate: true })).toThrow(
      /no payload key for a remote Temporal server: set BREACH_CLOCK_KEY_FILE/,
    );
    await expect(readFile(localFile)).rejects.toThrow(/ENOENT/);
  });

  it('come from BREACH_CLOCK_KEY_FILE, and a missing file is named', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keys-'));
    const file = join(dir, 'shared-keys');
    const key = generateKey();
    writeKeyFile(file, [key]);
    const settings = { file, localFile: join(dir, 'unused') };
    expect(resolveKeys(settings, { local: false, generate: true }).ring.encryptWith).toBe(key.id);
    const missing = { file: join(dir, 'missing'), localFile: join(dir, 'unused') };
    expect(() => resolveKeys(missing, { local: false, generate: true })).toThrow(
      `cannot read the payload key file ${join(dir, 'missing')} (BREACH_CLOCK_KEY_FILE): ENOENT`,
    );
    await writeFile(file, 'k1=not-a-key\n');
    expect(() => resolveKeys(settings, { local: false, generate: true })).toThrow(KeySettingError);
  });
});
