/**
 * The modules every workflow a worker holds shares: evaluated once, when the worker makes its workflow
 * context, rather than once for each workflow (the SDK's `preloadModules`, see infra/workflow-bundler.ts).
 * A case that evaluated the domain, zod, its schemas, regimes, calendars and documents for itself cost about
 * 20 ms of CPU at each start or replay and some 770 KiB in the worker's cache; sharing them leaves 5 ms and
 * 70 KiB (`tools/bench/workflow-footprint.ts`).
 *
 * Only pure code and data belong here. A shared module's state is every workflow's state, so a module that
 * kept anything of one workflow, or called the workflow API as it loads, would leak it into the others and
 * break replay. The worker freezes what a shared module exports, so schemas stay behind functions
 * (`once` in domain/fields.ts); what a module keeps inside (its schemas, the formatter of a time zone, the
 * holidays of a calendar, the message catalogues) is the same for every case.
 *
 * What the workflows import from `domain/` and `contract/` is listed (a test keeps the lists in step).
 * webpack may still leave to a workflow's own module a listed module that has no side effects and only the
 * workflows use: functions only, which cost nothing to evaluate.
 */
import '../contract/action-rejection.js';
import '../contract/chase-messages.js';
import '../contract/messages.js';
import '../contract/search-attributes.js';
import '../contract/workflow-ids.js';
import '../domain/actions/index.js';
import '../domain/case-file.js';
import '../domain/case-state.js';
import '../domain/deadline-list.js';
import '../domain/documents.js';
import '../domain/mail/case-mail.js';
import '../domain/mail/digest.js';
import '../domain/mail/opened-mail.js';
import '../domain/mail/outgoing-mail.js';
import '../domain/mail/processor-mail.js';
import '../domain/mail/superseded.js';
import '../domain/obligations.js';
import '../domain/policy-targets.js';
import '../domain/processor-ladder.js';
import '../domain/processors.js';
import '../domain/progress.js';
import '../domain/regimes/index.js';
import '../domain/register-entry.js';
import '../domain/reminder-plan.js';
import '../domain/reports.js';
import '../domain/status.js';
import '../domain/validation.js';
import { ACTION_NAMES, actionSchema } from '../domain/actions/index.js';
import { caseFileSchemas } from '../domain/case-file.js';
import { prepareMessages } from '../domain/documents/i18n.js';
import { policyTargetsSchema } from '../domain/policy-targets.js';

// Made now, before the worker freezes these modules, and then used by every case: zod completes its global
// configuration (its locale, its memoizer) as it builds its first schemas, and i18next configures its shared
// logger as it makes an instance; neither can once frozen.
caseFileSchemas();
policyTargetsSchema();
for (const name of ACTION_NAMES) actionSchema(name);
prepareMessages();
