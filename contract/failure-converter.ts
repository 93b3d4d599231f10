/**
 * The failure converter of every client, worker and workflow of the project. A failure's message and stack
 * trace would otherwise reach the server's history in clear, beside encrypted payloads: an SMTP server's
 * answer names the address it refused, a refused case file its fields. With `encodeCommonAttributes` both
 * travel as a payload, which the payload codec encrypts; a client with the key reads them as they were.
 *
 * Loaded by path (Temporal's `failureConverterPath`): bundled into the workflow sandbox, and required by the
 * worker and clients.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
