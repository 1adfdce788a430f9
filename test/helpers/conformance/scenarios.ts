import type { Scenario, Scenarios } from './scenario.js';
import { billingAndPhoneScenarios } from './scenarios-billing-phone.js';
import { deletionScenarios } from './scenarios-deletion.js';
import { directoryScenarios } from './scenarios-directory.js';
import { folderScenarios } from './scenarios-folders.js';
import { handshakeScenarios } from './scenarios-handshakes.js';
import { memberScenarios } from './scenarios-members.js';
import { tagScenarios } from './scenarios-tags.js';
import { contactScenarios } from './scenarios-contacts.js';
import { emailChangeScenarios } from './scenarios-email-change.js';
import { delegationScenarios } from './scenarios-delegation.js';
import { controlPolicyScenarios } from './scenarios-control-policies.js';

/**
 * Every area's scenarios. A new Action needs one entry in its area's table (or a new area file
 * listed here); test/metadata-conformance.test.ts fails, naming the Action, until it has one.
 */
const areas: readonly Scenarios[] = [
  directoryScenarios,
  folderScenarios,
  memberScenarios,
  handshakeScenarios,
  deletionScenarios,
  billingAndPhoneScenarios,
  tagScenarios,
  contactScenarios,
  emailChangeScenarios,
  delegationScenarios,
  controlPolicyScenarios,
];

export const scenarios: ReadonlyMap<string, Scenario> = new Map(
  areas
    .flatMap((area) => Object.entries(area))
    .map(([name, scenario], index, all) => {
      if (all.findIndex(([other]) => other === name) !== index) throw new Error(`two scenarios for ${name}`);
      return [name, scenario];
    }),
);
