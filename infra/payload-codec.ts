/**
 * AES-256-GCM encryption of every Temporal payload the project writes: case facts, DPO actions, documents and
 * results reach the server, its database and its Web UI only as ciphertext. Search attributes are not payloads
 * the codec sees; they hold no personal data by design (contract/search-attributes.ts).
 *
 * An encrypted payload is the whole original payload (metadata and data), serialised and sealed, with two
 * plain metadata entries: `encoding: binary/encrypted` and the key's ID. Anything else passes through as it
 * is, so histories written before encryption (and payloads of other tools) still load.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  defaultPayloadConverter,
  METADATA_ENCODING_KEY,
  str,
  u8,
  type DataConverter,
  type LoadedDataConverter,
  type Payload,
  type PayloadCodec,
} from '@temporalio/common';
import proto from '@temporalio/proto';
import { failureConverter } from '../contract/failure-converter.js';
import { PayloadKeyError, type KeyRing } from './payload-keys.js';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
// A CommonJS package: its namespaces come from the default export under Node's ESM loader.
const { Payload: PayloadMessage } = proto.temporal.api.common.v1;

/** AES-256-GCM in one buffer: the IV, the ciphertext, the tag; bound to `aad` besides the key. */
function sealBytes(key: Buffer, aad: Buffer, plain: Uint8Array | string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = typeof plain === 'string' ? cipher.update(plain, 'utf8') : cipher.update(plain);
  return Buffer.concat([iv, body, cipher.final(), cipher.getAuthTag()]);
}

/** The plain bytes of a sealBytes buffer; undefined for another key or binding, or altered or cut-short data. */
function openBytes(key: Buffer, aad: Buffer, data: Buffer): Buffer | undefined {
  if (data.length < IV_BYTES + TAG_BYTES) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
  decipher.setAAD(aad);
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    return undefined;
  }
}

/** What the seal is bound to besides the key: a payload cannot be passed off as sealed by another key ID. */
function associatedData(keyId: string): Buffer {
  return Buffer.from(`${ENCRYPTED_ENCODING};${keyId}`);
}

export function isEncrypted(payload: Payload): boolean {
  const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
  return encoding !== undefined && encoding !== null && str(encoding) === ENCRYPTED_ENCODING;
}

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly ring: KeyRing) {}

  // Async although the work is not: a failure must reach the caller as a rejection, as the SDK expects.
  // eslint-disable-next-line @typescript-eslint/require-await
  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.seal(payload));
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => (isEncrypted(payload) ? this.open(payload) : payload));
  }

  private seal(payload: Payload): Payload {
    const keyId = this.ring.encryptWith;
    const plain = PayloadMessage.encode(payload).finish();
    const sealed = sealBytes(this.key(keyId), associatedData(keyId), plain);
    return {
      metadata: { [METADATA_ENCODING_KEY]: u8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: u8(keyId) },
      data: sealed,
    };
  }

  private open(payload: Payload): Payload {
    const idBytes = payload.metadata?.[KEY_ID_METADATA];
    if (!idBytes) throw new PayloadKeyError('an encrypted payload names no key ID: it cannot be decrypted');
    const keyId = str(idBytes);
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) {
      throw new PayloadKeyError(`an encrypted payload of key "${keyId}" is truncated`);
    }
    const plain = openBytes(this.key(keyId), associatedData(keyId), data);
    if (!plain) {
      throw new PayloadKeyError(
        `cannot decrypt a payload with key "${keyId}" of ${this.ring.source}: it is not the key the payload ` +
          'was encrypted with (a different key under the same ID?), or the payload was altered',
      );
    }
    return PayloadMessage.decode(plain);
  }

  private key(keyId: string): Buffer {
    const key = this.ring.keys.get(keyId);
    if (key) return key;
    const known = [...this.ring.keys.keys()].map((id) => `"${id}"`).join(', ');
    throw new PayloadKeyError(
      `a payload is encrypted with key "${keyId}", which is not among the keys of ${this.ring.source} ` +
        `(${known}): add that key to decrypt it`,
    );
  }
}

/** Data sealed for storage outside Temporal (register entries, outbox messages): `aes256gcm:<key ID>:<base64>`. */
const SEALED_TEXT = /^aes256gcm:([A-Za-z0-9._-]+):([A-Za-z0-9+/=]+)$/;

export interface TextSeal {
  /** Text, or bytes (a mail message), sealed as text. */
  seal(plain: string | Uint8Array): string;
  /** The text of a sealed value; a value stored before sealing is returned as it is. */
  open(stored: string): string;
  /** The bytes of a sealed value; undefined for a value that is not sealed. */
  openData(stored: string): Buffer | undefined;
}

/**
 * AES-256-GCM for data kept outside Temporal (the register's entries, the outbox's messages), with the payload
 * keys: the newest key seals, every key opens. The purpose is bound into each seal, so a value sealed for one
 * use cannot be passed off as another's.
 */
export function textSeal(ring: KeyRing, purpose: string): TextSeal {
  const bound = (keyId: string) => Buffer.from(`${purpose};${keyId}`);
  const keyOf = (keyId: string) => {
    const key = ring.keys.get(keyId);
    if (key) return key;
    throw new PayloadKeyError(
      `the ${purpose} is encrypted with key "${keyId}", which is not among the keys of ${ring.source}: add that key to read it`,
    );
  };
  const seal = (plain: Uint8Array | string) => {
    const keyId = ring.encryptWith;
    return `aes256gcm:${keyId}:${sealBytes(keyOf(keyId), bound(keyId), plain).toString('base64')}`;
  };
  const open = (stored: string): Buffer | undefined => {
    const match = SEALED_TEXT.exec(stored.trimEnd());
    if (!match) return undefined;
    const [, keyId = '', base64 = ''] = match;
    const plain = openBytes(keyOf(keyId), bound(keyId), Buffer.from(base64, 'base64'));
    if (plain) return plain;
    throw new PayloadKeyError(
      `cannot decrypt the ${purpose} with key "${keyId}" of ${ring.source}: it is not the key it was ` +
        'encrypted with (a different key under the same ID?), or the value was altered',
    );
  };
  return {
    seal,
    open: (stored) => open(stored)?.toString('utf8') ?? stored,
    openData: open,
  };
}

/**
 * The data converter of every client and worker the project makes: default JSON payloads, then encrypted;
 * failures with their message and stack trace inside the encrypted part (contract/failure-converter.ts).
 */
export function encryptingDataConverter(ring: KeyRing): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(ring)], failureConverterPath: failureConverterPath() };
}

/**
 * The same converter, already loaded, for a client made in this process (the `breach` command line, tests,
 * tools): Temporal then has nothing to require by path, which would load a second copy of its own common
 * package beside the one this process already holds.
 */
export function encryptingClientDataConverter(ring: KeyRing): LoadedDataConverter {
  return {
    payloadConverter: defaultPayloadConverter,
    failureConverter,
    payloadCodecs: [new EncryptionCodec(ring)],
  };
}

/**
 * The compiled failure converter: Temporal requires it by path in the worker and clients, so it is the
 * JavaScript under dist/ also when the rest runs from TypeScript sources (the tests build first).
 */
export function failureConverterPath(): string {
  const beside = fileURLToPath(new URL('../contract/failure-converter.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = fileURLToPath(new URL('../dist/contract/failure-converter.js', import.meta.url));
  if (existsSync(built)) return built;
  throw new Error(`${built} is missing: run "npm run build" first`);
}
