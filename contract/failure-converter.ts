/**
 * The failure converter of every client, worker and workflow of the project. A failure's message and stack
 * trace would otherwise reach the server's history in clear, beside encrypted payloads: an SMTP server's
 * answer names the address it refused, a refused case file its fields. With `encodeCommonAttributes` both
 * travel as a payload, which the payload codec encrypts; a client with the key reads them as they were.
 *
 * One kind stays in clear: a payload that cannot be decrypted (PayloadKeyError, whose message names key IDs
 * and key sources, never data). Sealed, it would reach a client with the wrong key as "Encoded failure",
 * hiding the one thing that client needs to hear: that its key is not the engine's.
 *
 * Loaded by path (Temporal's `failureConverterPath`): bundled into the workflow sandbox, and required by the
 * worker and clients.
 */
import {
  DefaultFailureConverter,
  type FailureConverter,
  type PayloadConverter,
  type ProtoFailure,
} from '@temporalio/common';

const sealed = new DefaultFailureConverter({ encodeCommonAttributes: true });
const plain = new DefaultFailureConverter();

function isKeyTrouble(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    if (e.name === 'PayloadKeyError') return true;
  }
  return false;
}

export const failureConverter: FailureConverter = {
  errorToFailure(error: unknown, payloadConverter: PayloadConverter): ProtoFailure {
    return (isKeyTrouble(error) ? plain : sealed).errorToFailure(error, payloadConverter);
  },
  // Reads both: sealed attributes are opened, plain ones are taken as they are.
  failureToError(failure: ProtoFailure, payloadConverter: PayloadConverter): Error {
    return sealed.failureToError(failure, payloadConverter);
  },
};
