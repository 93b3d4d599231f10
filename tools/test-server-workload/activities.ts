import { ApplicationFailure, Context } from '@temporalio/activity';

/** The workload's activities: one that succeeds on its second attempt, one refused for good, one echo. */
export const workloadActivities = {
  succeedOnRetry(id: string): Promise<string> {
    if (Context.current().info.attempt < 2) {
      return Promise.reject(ApplicationFailure.retryable('first attempt', 'Flaky'));
    }
    return Promise.resolve(`${id} on retry`);
  },
  refuse(): Promise<void> {
    return Promise.reject(ApplicationFailure.nonRetryable('refused', 'Refused'));
  },
  echo(text: string): Promise<string> {
    return Promise.resolve(text);
  },
};

export type WorkloadActivities = typeof workloadActivities;
