/**
 * Startup problems: what is wrong with a document, or with how the code binds to it, each `{ message, fix }` in one
 * voice (the quoted name, what is wrong; `where` adds the file and JSON pointer). Tests import these factories, so
 * wording never drifts from behaviour.
 */
import { bindingStartupMessages } from './startup-binding.messages.js';
import { documentStartupMessages } from './startup-document.messages.js';
import { modelStartupMessages } from './startup-model.messages.js';
import { optionsStartupMessages } from './startup-options.messages.js';
import { securityStartupMessages } from './startup-security.messages.js';
import { semanticStartupMessages } from './startup-semantic.messages.js';

export { problemCount, problemList, specErrorMessage, warningList, where } from './startup-format.messages.js';

/** Every startup problem factory, each family in its sibling file. */
export const startupMessages = {
  ...documentStartupMessages,
  ...modelStartupMessages,
  ...semanticStartupMessages,
  ...bindingStartupMessages,
  ...optionsStartupMessages,
  ...securityStartupMessages,
};
