/**
 * The keys that encrypt Temporal payloads, each with an ID. A payload names the ID of the key that encrypted it,
 * so keys rotate without re-encrypting history: a new key is added (and, listed last, encrypts from then on),
 * the old ones stay to decrypt what they encrypted.
 *
 * Keys come from one place, in this order: BREACH_CLOCK_KEYS (inline), BREACH_CLOCK_KEY_FILE, or, for a local
 * server only, the key file in the data folder, which the worker generates at its first start. A remote cluster
 * without a configured key is refused: a key generated on one machine would leave every other worker, and every
 * DPO's CLI, unable to read the cases.
 *
 * Messages name key IDs and files, never key material or payload contents.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

export const KEY_BYTES = 32;
export const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** The key file the worker generates in the data folder when the server is local and no key is configured. */
export const LOCAL_KEY_FILE_NAME = 'payload-keys';

export interface PayloadKey {
  id: string;
  key: Buffer;
}

export interface KeyRing {
  /** Every key that may decrypt, by ID. */
  keys: ReadonlyMap<string, Buffer>;
  /** The ID of the key that encrypts. */
  encryptWith: string;
  /** Where the keys came from, for messages: a variable's name or a file's path. */
  source: string;
}

/** Where to look for keys, as the configuration names them. */
export interface KeySettings {
  /** Parsed from BREACH_CLOCK_KEYS. */
  inline?: PayloadKey[];
  /** BREACH_CLOCK_KEY_FILE, resolved. */
  file?: string;
  /** BREACH_CLOCK_KEY_ID: the key that encrypts, instead of the last one listed. */
  keyId?: string;
  /** The generated key file of a local server: `<data folder>/payload-keys`. */
  localFile: string;
}

/** A key setting that is wrong as written: exit 2, like any other bad configuration. */
export class KeySettingError extends Error {
  override name = 'KeySettingError';
}

/** No key where one is needed, an unreadable key file, or a payload no configured key can decrypt. */
export class PayloadKeyError extends Error {
  override name = 'PayloadKeyError';
}

/**
 * Keys written as `<id>=<base64 of 32 bytes>`, separated by new lines or commas; `#` starts a comment. A
 * problem names where the entry is (`<where> line 3` in a file, `entry 2` in a variable's value, where `where`
 * is empty) and, when it is readable, its ID.
 */
export function parseKeys(text: string, where: string): PayloadKey[] {
  const entries = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .flatMap((line, index) => line.split(',').map((entry) => ({ entry: entry.trim(), line: index + 1 })))
    .filter(({ entry }) => entry)
    .map(({ entry, line }, index) => ({ entry, at: where ? `${where} line ${line}` : `entry ${index + 1}` }));
  if (!entries.length) {
    throw new KeySettingError(`${where ? `${where}: ` : ''}no keys; expected <key-id>=<base64 key>`);
  }
  const keys: PayloadKey[] = [];
  for (const { entry, at } of entries) {
    const eq = entry.indexOf('=');
    const id = eq > 0 ? entry.slice(0, eq).trim() : '';
    const encoded = entry.slice(eq + 1).trim();
    // A key without its ID ("<base64>=") splits at its padding: then the "ID" is key material, never named.
    if (!KEY_ID.test(id) || !encoded || encoded.startsWith('=')) {
      throw new KeySettingError(`${at}: expected <key-id>=<base64 key>, the ID of letters, digits, . _ -`);
    }
    const key = Buffer.from(encoded, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || key.length !== KEY_BYTES) {
      throw new KeySettingError(`${at}: key "${id}" is not ${KEY_BYTES} bytes in base64 (AES-256)`);
    }
    if (keys.some((k) => k.id === id)) throw new KeySettingError(`${at}: key "${id}" is listed twice`);
    keys.push({ id, key });
  }
  return keys;
}

/** The ring of `keys`: the one named by `keyId` encrypts, or else the last one listed (the newest). */
export function keyRing(keys: PayloadKey[], source: string, keyId?: string): KeyRing {
  const encryptWith = keyId ?? keys.at(-1)?.id;
  if (!encryptWith || !keys.some((k) => k.id === encryptWith)) {
    throw new KeySettingError(
      `BREACH_CLOCK_KEY_ID: no key "${keyId}" in ${source} (it has ${keys.map((k) => `"${k.id}"`).join(', ')})`,
    );
  }
  return { keys: new Map(keys.map((k) => [k.id, k.key])), encryptWith, source };
}

/** A fresh random key, its ID the day it was made and a random suffix, so rotated keys sort by age. */
export function generateKey(now = new Date()): PayloadKey {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return { id: `k${day}-${randomBytes(3).toString('hex')}`, key: randomBytes(KEY_BYTES) };
}

export function formatKeyFile(keys: PayloadKey[]): string {
  return [
    '# breach-clock payload keys: <key-id>=<base64 AES-256 key>, one a line.',
    '# The last key encrypts (unless BREACH_CLOCK_KEY_ID names another); every key listed decrypts.',
    '# Losing a key loses the cases it encrypted: back this file up where the cases are backed up.',
    ...keys.map((k) => `${k.id}=${k.key.toString('base64')}`),
    '',
  ].join('\n');
}

/** Writes a new key file, readable by its owner alone; an existing file is never overwritten. */
export function writeKeyFile(path: string, keys: PayloadKey[]): void {
  writeFileSync(path, formatKeyFile(keys), { mode: 0o600, flag: 'wx' });
}

function readKeyFile(path: string, variable?: string): PayloadKey[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    const why = code === 'EACCES' ? 'permission denied (it belongs to the engine’s user)' : code;
    throw new PayloadKeyError(
      `cannot read the payload key file ${path}${variable ? ` (${variable})` : ''}: ${why}`,
    );
  }
  return parseKeys(text, path);
}

function missing(path: string): boolean {
  try {
    readFileSync(path);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

export interface ResolvedKeys {
  ring: KeyRing;
  /** Set when this call generated the local key file. */
  generated?: { path: string; keyId: string };
}

/**
 * The keys to use. `local` says the server is one on this machine (loopback, no TLS, no API key): only then
 * may the data folder's key file be used, or generated when `generate` is set (the worker; the CLI never
 * generates a key that no worker would have).
 */
export function resolveKeys(
  settings: KeySettings,
  options: { local: boolean; generate: boolean },
): ResolvedKeys {
  if (settings.inline) return { ring: keyRing(settings.inline, 'BREACH_CLOCK_KEYS', settings.keyId) };
  if (settings.file) {
    return {
      ring: keyRing(readKeyFile(settings.file, 'BREACH_CLOCK_KEY_FILE'), settings.file, settings.keyId),
    };
  }
  if (!options.local) {
    throw new PayloadKeyError(
      'no payload key for a remote Temporal server: set BREACH_CLOCK_KEY_FILE (or BREACH_CLOCK_KEYS) to the key ' +
        'file every worker and every DPO share; a key generated here would exist on this machine alone',
    );
  }
  const path = settings.localFile;
  if (missing(path)) {
    if (!options.generate) {
      throw new PayloadKeyError(
        `no payload key at ${path}: the engine ("npm start") generates it at its first start; or set ` +
          'BREACH_CLOCK_KEY_FILE to the key file the engine uses',
      );
    }
    const key = generateKey();
    try {
      writeKeyFile(path, [key]);
      return { ring: keyRing([key], path, settings.keyId), generated: { path, keyId: key.id } };
    } catch (error) {
      // Another process made it first: theirs is the key.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return { ring: keyRing(readKeyFile(path), path, settings.keyId) };
}
