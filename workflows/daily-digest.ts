/** Run by the daily schedule: collects the open cases' clocks and mails the digest to the DPO. */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { digestMail, type Digest } from '../domain/mail/digest.js';
import { sendMail } from './send-mail.js';

const { collectDigest } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '2 minutes', maximumAttempts: 10 },
});
export async function dailyDigest(input: { to: string[] }): Promise<Digest> {
  const digest = await collectDigest();
  if (input.to.length) await sendMail(digestMail(digest, input.to, workflowInfo().workflowId));
  return digest;
}
