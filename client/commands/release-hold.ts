/** `breach release-hold`: the hold on telling the data subjects ends, and the Art. 34 reminders resume. */
import { actorHelp, caseArg, runAction } from '../case-support.js';
import { optionalString, type Command } from '../cli-support.js';

export const releaseHoldCommand: Command = {
  name: 'release-hold',
  summary: 'end the hold on the communication to the data subjects',
  usage: 'release-hold <case-id> [--note T]',
  options: { note: { type: 'string' } },
  help: ['--note T          why the hold ends (e.g. the authority withdrew its request)', actorHelp],
  positionals: caseArg,
  run: (ctx) => runAction(ctx, 'releaseHold', { note: optionalString(ctx, 'note') }),
};
