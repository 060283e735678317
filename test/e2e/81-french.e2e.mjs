// The extension in French (VS Code's display language fr; the workbench's own texts stay English here): the
// Orders tree, the Start Export wizard, a notification, a chat export's insights and the walkthrough, with no
// English text of ours on them (localizedTour.mjs). Screenshots: NN-fr-tree, NN-fr-wizard-kind,
// NN-fr-wizard-range, NN-fr-notification, NN-fr-insights, NN-fr-walkthrough.
// In the dark theme, so the walkthrough's pictures and the charts are seen on dark too (German: light).
import { localizedTour } from './localizedTour.mjs';

export const title = 'French: tree, wizard, notification and walkthrough, no English text of ours';
// Quick orders: the new export is done by the second poll (10 s floor), and announced.
export const options = {
  seed: 'demo',
  locale: 'fr',
  fakeArgs: ['--pending-ms', '500', '--running-ms', '1500'],
  env: { TZ: 'Europe/Zurich' },
  settings: { 'workbench.colorTheme': 'Default Dark Modern' },
};

/** @param {import('../harness/e2e.mjs').Workbench} ui */
export default (ui) => localizedTour(ui, 'fr');
