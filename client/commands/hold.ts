/** `breach hold`: a law-enforcement authority asked to delay telling the data subjects (Recitals 86/88). */
import { actorHelp, caseArg, runAction } from '../case-support.js';
import { requireString, type Command } from '../cli-support.js';

export const holdCommand: Command = {
  name: 'hold',
  summary: 'delay the communication to the data subjects at the request of a law-enforcement authority',
  usage: 'hold <case-id> --authority A --reference R --reason T --review-at T',
  options: {
    authority: { type: 'string' },
    reference: { type: 'string' },
    reason: { type: 'string' },
    'review-at': { type: 'string' },
  },
  help: [
    '--authority A     who asked for the delay (e.g. the public prosecutor)',
    '--reference R     its reference of the request',
    '--review-at T     when to ask again whether the hold still applies (within a year)',
    'reminders to tell the data subjects pause until "release-hold"; a second hold renews the first',
    actorHelp,
  ],
  positionals: caseArg,
  run: (ctx) =>
    runAction(ctx, 'hold', {
      authority: requireString(ctx, 'authority'),
      reference: requireString(ctx, 'reference'),
      reason: requireString(ctx, 'reason'),
      reviewAt: requireString(ctx, 'review-at'),
    }),
};
