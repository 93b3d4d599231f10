/** Run by the daily schedule: collects the open cases' clocks and mails the digest to the DPO. */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { digestMail, type Digest } from '../common/digest.js';

const { collectDigest } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '2 minutes', maximumAttempts: 10 },
});
const { sendMail } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '10 seconds',
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: ['MailRejected'],
  },
});

export async function dailyDigest(input: { to: string[] }): Promise<Digest> {
  const digest = await collectDigest();
  if (input.to.length) await sendMail(digestMail(digest, input.to, workflowInfo().workflowId));
  return digest;
}
