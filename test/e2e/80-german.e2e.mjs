// The extension in German (VS Code's display language de; the workbench's own texts stay English here): the
// Orders tree, the Start Export wizard, a notification, a chat export's insights and the walkthrough, with no
// English text of ours on them (localizedTour.mjs). Screenshots: NN-de-tree, NN-de-wizard-kind,
// NN-de-wizard-range, NN-de-notification, NN-de-insights, NN-de-walkthrough.
import { localizedTour } from './localizedTour.mjs';

export const title = 'German: tree, wizard, notification and walkthrough, no English text of ours';
// Quick orders: the new export is done by the second poll (10 s floor), and announced.
export const options = {
  seed: 'demo',
  locale: 'de',
  fakeArgs: ['--pending-ms', '500', '--running-ms', '1500'],
  env: { TZ: 'Europe/Zurich' },
};

/** @param {import('../harness/e2e.mjs').Workbench} ui */
export default (ui) => localizedTour(ui, 'de');
