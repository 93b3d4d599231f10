import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

/** Every workflow's mail goes through this one policy: retried until delivered, never when refused. */
export const { sendMail } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    // A mail server that is down for hours still gets every message, at most ten minutes after it is back.
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: ['MailRejected'],
  },
});
