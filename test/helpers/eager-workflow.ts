/** A workflow that runs activities one after another and says which worker ran each (embedded-server.test.ts). */
import { proxyActivities } from '@temporalio/workflow';

const { whichWorker } = proxyActivities<{ whichWorker(): Promise<string> }>({
  startToCloseTimeout: '10 seconds',
});

export async function activitiesInTurn(count: number): Promise<string[]> {
  const ran: string[] = [];
  for (let i = 0; i < count; i++) ran.push(await whichWorker());
  return ran;
}
