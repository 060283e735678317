// The extension's public identity: every command, setting, view and context key id in one place.
// package.json must match this module both ways (test/unit/manifest.test.ts checks it). Pure: no vscode.

export const EXTENSION_ID_PREFIX = 'uniqueAnalytics';

export const ViewIds = {
  container: 'uniqueAnalytics',
  orders: 'uniqueAnalytics.orders',
  /** Saved reports, a second section of the same container. */
  reports: 'uniqueAnalytics.reports',
  /** The CSV table, a custom editor ("Unique Analytics Table") offered for *.csv with priority `option`. */
  table: 'uniqueAnalytics.csvViewer',
  /** The Insights tab of a CSV (a webview panel, one per file). */
  insights: 'uniqueAnalytics.insights',
} as const;

export const CommandIds = {
  startExport: 'uniqueAnalytics.startExport',
  retryExport: 'uniqueAnalytics.retryExport',
  refresh: 'uniqueAnalytics.refresh',
  openCsv: 'uniqueAnalytics.openCsv',
  saveCsvAs: 'uniqueAnalytics.saveCsvAs',
  saveCsvAsSpreadsheetSafe: 'uniqueAnalytics.saveCsvAsSpreadsheetSafe',
  deleteOrder: 'uniqueAnalytics.deleteOrder',
  cleanUpDownloaded: 'uniqueAnalytics.cleanUpDownloaded',
  copyOrderId: 'uniqueAnalytics.copyOrderId',
  loadMore: 'uniqueAnalytics.loadMore',
  setToken: 'uniqueAnalytics.setToken',
  clearToken: 'uniqueAnalytics.clearToken',
  configure: 'uniqueAnalytics.configure',
  checkConnection: 'uniqueAnalytics.checkConnection',
  showLog: 'uniqueAnalytics.showLog',
  switchEnvironment: 'uniqueAnalytics.switchEnvironment',
  addEnvironment: 'uniqueAnalytics.addEnvironment',
  importEnvFile: 'uniqueAnalytics.importEnvFile',
  setClientSecret: 'uniqueAnalytics.setClientSecret',
  setApiKey: 'uniqueAnalytics.setApiKey',
  openAsTable: 'uniqueAnalytics.openAsTable',
  showInsights: 'uniqueAnalytics.showInsights',
  repeatNextPeriod: 'uniqueAnalytics.repeatNextPeriod',
  repeatPreviousPeriod: 'uniqueAnalytics.repeatPreviousPeriod',
  retryFailedParts: 'uniqueAnalytics.retryFailedParts',
  saveAsReport: 'uniqueAnalytics.saveAsReport',
  runReport: 'uniqueAnalytics.runReport',
} as const;
export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

/** Setting keys, without the `uniqueAnalytics.` section prefix. */
export const SettingKeys = {
  baseUrl: 'baseUrl',
  graphqlPath: 'graphqlPath',
  pollIntervalSeconds: 'pollIntervalSeconds',
  pageSize: 'pageSize',
  openAfterDownload: 'openAfterDownload',
  notifyWhenDone: 'notifyWhenDone',
  deleteAfterDownload: 'deleteAfterDownload',
  downloadFolder: 'downloadFolder',
  maskEmails: 'maskEmails',
  reports: 'reports',
  environments: 'environments',
  openDownloadsIn: 'openDownloadsIn',
} as const;
export type SettingKey = (typeof SettingKeys)[keyof typeof SettingKeys];

export const ContextKeys = {
  /** Why the view cannot show orders yet: see `SetupState` in core/setup/setupState.ts. */
  setupState: 'uniqueAnalytics.setupState',
  /** Number of unfinished orders (PENDING/RUNNING/unknown non-final). */
  unfinishedCount: 'uniqueAnalytics.unfinishedCount',
  /** How the active connection signs in: `token`, `serviceUser` or `apiKey` (welcome texts, palette). */
  authKind: 'uniqueAnalytics.authKind',
  /** True while a named environment (not the older baseUrl settings) is active. */
  namedConnection: 'uniqueAnalytics.namedConnection',
  /** True when named environments are configured (the switcher shows). */
  hasEnvironments: 'uniqueAnalytics.hasEnvironments',
  /** True once the shown list holds a finished export (a DONE order or a merged batch): the walkthrough's "watch it finish". */
  hasFinishedExport: 'uniqueAnalytics.hasFinishedExport',
} as const;

/** Environment variable consulted when SecretStorage holds no token. */
export const TOKEN_ENV_VAR = 'UNIQUE_ANALYTICS_TOKEN';
/** globalState key: folders where the person chose "Write Anyway" for exports inside a repository. */
export const WRITE_ANYWAY_FOLDERS_KEY = 'uniqueAnalytics.writeAnywayFolders';
/** SecretStorage key of the access token. */
export const TOKEN_SECRET_KEY = 'uniqueAnalytics.accessToken';
/** globalState key: the name of the active connection. */
export const ACTIVE_CONNECTION_KEY = 'uniqueAnalytics.activeConnection';
