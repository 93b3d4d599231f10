import type { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import proto from '@temporalio/proto';
import { CASE_SEARCH_ATTRIBUTES } from '../contract/search-attributes.js';
import type { Logger } from '../infra/logger.js';

const { IndexedValueType } = proto.temporal.api.enums.v1;

const INDEXED_TYPE: Record<SearchAttributeType, proto.temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.TEXT]: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  [SearchAttributeType.KEYWORD]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.INT]: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.DOUBLE]: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  [SearchAttributeType.BOOL]: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  [SearchAttributeType.DATETIME]: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  [SearchAttributeType.KEYWORD_LIST]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** Dev-server flags that register the case's search attributes at start. */
export function searchAttributeFlags(): string[] {
  const names: Record<SearchAttributeType, string> = {
    [SearchAttributeType.TEXT]: 'Text',
    [SearchAttributeType.KEYWORD]: 'Keyword',
    [SearchAttributeType.INT]: 'Int',
    [SearchAttributeType.DOUBLE]: 'Double',
    [SearchAttributeType.BOOL]: 'Bool',
    [SearchAttributeType.DATETIME]: 'Datetime',
    [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
  };
  return CASE_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${names[key.type]}`]);
}

const GRPC_UNIMPLEMENTED = 12;

async function registeredSearchAttributes(connection: Connection, namespace: string): Promise<object> {
  try {
    const listed = await connection.operatorService.listSearchAttributes({ namespace });
    return { ...listed.systemAttributes, ...listed.customAttributes };
  } catch (error) {
    // The time-skipping test server can add search attributes but not list them; it starts with none.
    if ((error as { code?: number }).code === GRPC_UNIMPLEMENTED) return {};
    throw error;
  }
}

/**
 * Registers whatever case search attributes the namespace lacks. Idempotent, so every worker start may run it.
 * Temporal Cloud refuses this call from workers: there an operator registers them once, and we say which.
 */
export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
  logger: Logger,
): Promise<void> {
  const existing = await registeredSearchAttributes(connection, namespace);
  const missing = CASE_SEARCH_ATTRIBUTES.filter((key) => !(key.name in existing));
  if (missing.length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_TYPE[key.type]])),
    });
    logger.info({ added: missing.map((key) => key.name) }, 'registered case search attributes');
  } catch (error) {
    const wanted = missing.map((key) => `${key.name} (${key.type})`).join(', ');
    throw new Error(
      `Namespace "${namespace}" lacks the search attributes ${wanted} and they could not be added ` +
        `(${(error as Error).message}). Ask the cluster's operator to register them.`,
    );
  }
}
