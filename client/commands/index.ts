/**
 * Every command's name, summary and loader, and nothing more: `breach --help` reads this alone, and a command's
 * code, with what it needs (Temporal's client, the YAML parser, the register database), loads only when the
 * command is asked for. Each DPO action has its command here under the action's name, so an action without one,
 * or with another action's, fails to compile.
 */
import type { ActionName } from '../../domain/actions/index.js';
import type { ActionCommandDefinition } from '../action-command.js';
import type { CommandDefinition } from '../command-schema.js';

export interface CommandEntry<D extends CommandDefinition = CommandDefinition> {
  name: string;
  /** One line, for `breach --help` and the command's own help. */
  summary: string;
  /** Earlier names that still run the command (not listed in the help). */
  aliases?: readonly string[];
  load(): Promise<{ command: D }>;
}

/** The command of each DPO action, in the order `breach --help` lists them. */
export const actionCommands: { [N in ActionName]: CommandEntry<ActionCommandDefinition<N>> } = {
  assess: {
    name: 'assess',
    summary: 'record the risk assessment: none, risk or high',
    load: () => import('./assess.js'),
  },
  notifyAuthority: {
    name: 'notify-authority',
    summary: 'record the initial notice to the supervisory authority',
    load: () => import('./notify-authority.js'),
  },
  supplement: {
    name: 'supplement',
    summary: 'record supplementary information filed with the authority (Art. 33(4))',
    load: () => import('./supplement.js'),
  },
  report: {
    name: 'report',
    summary:
      "record a later stage filed with an authority (NIS2's final report, DORA's intermediate report, ...)",
    load: () => import('./report.js'),
  },
  notifySubjects: {
    name: 'notify-subjects',
    summary: 'record the communication to the data subjects (Art. 34)',
    load: () => import('./notify-subjects.js'),
  },
  exempt: {
    name: 'exempt',
    summary: 'record an Art. 34(3) exemption with its evidence',
    load: () => import('./exempt.js'),
  },
  processorAnswer: {
    name: 'processor-answer',
    aliases: ['vendor-reply'],
    summary: "record a processor's answer; stops its reminder ladder",
    load: () => import('./processor-answer.js'),
  },
  setAwareness: {
    name: 'set-awareness',
    summary: 'correct when the controller became aware; the deadlines move with it',
    load: () => import('./set-awareness.js'),
  },
  setTrigger: {
    name: 'set-trigger',
    summary: 'record or correct an event a clock runs from (classification as major, discovery, ...)',
    load: () => import('./set-trigger.js'),
  },
  addRegime: {
    name: 'add-regime',
    summary: 'put the case under one more regime (NIS2, DORA, ...); its clocks run from their own events',
    load: () => import('./add-regime.js'),
  },
  amend: {
    name: 'amend',
    summary: 'record a new version of the facts: what changed, who, when and why',
    load: () => import('./amend.js'),
  },
  authorityDecision: {
    name: 'authority-decision',
    summary: "record the authority's Art. 34(4) decision: communication required, or an exemption applies",
    load: () => import('./authority-decision.js'),
  },
  hold: {
    name: 'hold',
    summary: 'delay the communication to the data subjects at the request of a law-enforcement authority',
    load: () => import('./hold.js'),
  },
  releaseHold: {
    name: 'release-hold',
    summary: 'end the hold on the communication to the data subjects',
    load: () => import('./release-hold.js'),
  },
  noNotification: {
    name: 'no-notification',
    summary: 'document that no notice is needed, with the rationale kept in the register',
    load: () => import('./no-notification.js'),
  },
  close: {
    name: 'close',
    summary: 'close the case (refused while a duty is open)',
    load: () => import('./close.js'),
  },
};

/** Every command, in the order `breach --help` lists them. */
export const commands: readonly CommandEntry[] = [
  {
    name: 'open',
    summary: 'open a case from a JSON or YAML case file (- for stdin)',
    load: () => import('./open.js'),
  },
  {
    name: 'list',
    summary: 'list cases with their countdowns, newest first',
    load: () => import('./list.js'),
  },
  {
    name: 'status',
    summary: 'phase, deadlines, pending actions, processors and timeline of a case',
    load: () => import('./status.js'),
  },
  ...Object.values(actionCommands),
  {
    name: 'reopen',
    summary: 'reopen a closed case, keeping its whole history, with the reason',
    load: () => import('./reopen.js'),
  },
  {
    name: 'notice',
    summary: 'print or write the Art. 33(3) authority notice, or with --subjects the Art. 34(2) letter',
    load: () => import('./notice.js'),
  },
  {
    name: 'register',
    summary: 'export the breach register (every breach, notified or not) from the database',
    load: () => import('./register.js'),
  },
  {
    name: 'schedule',
    summary: 'the daily digest schedule: install, pause, unpause, trigger now, list',
    load: () => import('./schedule.js'),
  },
  {
    name: 'codec-server',
    summary: 'the codec endpoint that lets a Web UI show case payloads in clear, for a holder of the key',
    load: () => import('./codec-server.js'),
  },
  {
    name: 'deadlines',
    summary: 'what-if: the clocks for a given awareness time, without opening a case',
    load: () => import('./deadlines.js'),
  },
  {
    name: 'schema',
    summary: 'print the JSON Schema of case files, for editors and other tools',
    load: () => import('./schema.js'),
  },
];
