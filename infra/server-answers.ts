import { Connection, type ConnectionOptions } from '@temporalio/client';

/**
 * True when a Temporal frontend answers within the timeout, at an address or with full connection settings
 * (TLS, API key). A fresh connection each time: a long-lived one would answer with its own reconnect backoff.
 */
export async function serverAnswers(target: string | ConnectionOptions, timeoutMs = 2000): Promise<boolean> {
  const options = typeof target === 'string' ? { address: target } : target;
  // Lazy, so that a connection that never came up is closed too instead of retrying in the background.
  const connection = Connection.lazy({ ...options, connectTimeout: timeoutMs });
  try {
    // Connecting asks the server for its system info within the timeout: an answer, not just an open port.
    await connection.ensureConnected();
    return true;
  } catch {
    return false;
  } finally {
    await connection.close();
  }
}
