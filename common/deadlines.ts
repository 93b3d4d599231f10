/**
 * The legal clocks. Every instant derives from the case's `awareAt`, never from when a workflow happened to
 * start, so a back-dated or re-opened case keeps its true deadlines. The 72 hours are consecutive clock hours:
 * weekends and holidays neither pause nor extend them.
 */
import { HOUR_MS, addMs } from './time.js';

export const AUTHORITY_NOTICE_WINDOW_MS = 72 * HOUR_MS;

export function authorityDeadline(awareAt: string): string {
  return addMs(awareAt, AUTHORITY_NOTICE_WINDOW_MS);
}
