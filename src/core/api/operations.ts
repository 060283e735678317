// What the client was doing when something failed ("Listing orders"): a stable English name in
// ApiError.details.operation and the log (code compares it), and the translated name in messages.

import * as l10n from '@vscode/l10n';

/** The operations' names as code and the log know them; never translated. */
export const Operation = {
  start: 'Starting the export',
  list: 'Listing orders',
  get: 'Reading the order',
  download: 'Downloading the CSV',
  delete: 'Deleting the order',
  probeDownload: 'Checking the download route',
  signIn: 'Signing in as the service user',
} as const;

/** `operation` as a person reads it, in the display language (an unknown name is shown as it is). */
export function operationLabel(operation: string): string {
  switch (operation) {
    case Operation.start:
      return l10n.t({
        message: 'Starting the export',
        comment: ['what was being done: the subject of "{0} failed"'],
      });
    case Operation.list:
      return l10n.t({
        message: 'Listing orders',
        comment: ['what was being done: the subject of "{0} failed"'],
      });
    case Operation.get:
      return l10n.t({
        message: 'Reading the order',
        comment: ['what was being done: the subject of "{0} failed"'],
      });
    case Operation.download:
      return l10n.t({
        message: 'Downloading the CSV',
        comment: ['what was being done: the subject of "{0} failed"'],
      });
    case Operation.delete:
      return l10n.t({
        message: 'Deleting the order',
        comment: ['what was being done: the subject of "{0} failed"'],
      });
    case Operation.probeDownload:
      return l10n.t({
        message: 'Checking the download route',
        comment: ['what was being done: the subject of "{0} failed"'],
      });
    case Operation.signIn:
      return l10n.t({
        message: 'Signing in as the service user',
        comment: ['what was being done: the subject of "{0} failed"'],
      });
    default:
      return operation;
  }
}

/** "Listing orders was cancelled." */
export function cancelledMessage(operation: string): string {
  return l10n.t({
    message: '{0} was cancelled.',
    args: [operationLabel(operation)],
    comment: ['{0} is what was being done, e.g. "Listing orders"'],
  });
}
