// The connection commands: "Switch Environment…" (status bar, view title), "Add Environment…" (a few steps,
// then the secret) and "Import Environment from .env File…" (Unique's variable names). Environments are
// written to the user settings (`uniqueAnalytics.environments`, never a workspace); secrets go to
// SecretStorage only, and the file's content is never logged.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  describeConnection,
  withEnvironment,
  type Connection,
} from '../../core/connections/connectionList';
import { connectionFromEnvFile } from '../../core/connections/envFile';
import {
  checkEnvironment,
  PUBLIC_API_VERSION,
  type Environment,
} from '../../core/connections/environment';
import {
  checkName,
  checkProjectId,
  checkUrl,
  guessTokenUrl,
  suggestName,
  WAYS_TO_CONNECT,
  type AuthKind,
} from '../../core/connections/environmentInput';
import { CommandIds, EXTENSION_ID_PREFIX, SettingKeys } from '../../core/ids';
import { MultiStepInput, type InputStep } from '../flows/multiStepInput';
import type { Shell } from '../shell';
import type { SetTokenResult } from './setToken';

type Deps = Pick<
  Shell,
  'connections' | 'log' | 'notifier' | 'boundary' | 'settings' | 'setup' | 'tokens'
>;

/** A validation for an id field: one whole sentence for an empty box, another for spaces in it. */
function requiredId(empty: string, spaced: string): (v: string) => string | undefined {
  return (v) => {
    const t = v.trim();
    return !t ? empty : /\s/.test(t) ? spaced : undefined;
  };
}

export function switchEnvironment(s: Deps) {
  return async (given?: unknown): Promise<string | undefined> => {
    if (typeof given === 'string') {
      if (!(await s.connections.switchTo(given)))
        throw new Error(vscode.l10n.t('There is no connection named "{0}".', given));
      return given;
    }
    const active = s.connections.active?.name;
    type Item = vscode.QuickPickItem & {
      readonly name?: string;
      readonly action?: 'add' | 'import' | 'edit';
    };
    const items: Item[] = [
      ...s.connections.all.map((c) => ({
        label: `${c.name === active ? '$(check) ' : ''}${c.name}`,
        description: describeConnection(c),
        detail: c.problems.length ? `$(warning) ${c.problems.join('; ')}` : undefined,
        name: c.name,
      })),
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: vscode.l10n.t('$(add) Add Environment…'), action: 'add', alwaysShow: true },
      {
        label: vscode.l10n.t('$(file) Import from .env File…'),
        action: 'import',
        alwaysShow: true,
      },
      {
        label: vscode.l10n.t('$(json) Edit Environments in settings.json'),
        action: 'edit',
        alwaysShow: true,
      },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Unique Analytics: Switch Environment'),
      placeHolder: active
        ? vscode.l10n.t({
            message: 'Showing {0}. Pick the connection to show.',
            args: [active],
            comment: ['{0} is the name of the connection shown now, e.g. "prod"'],
          })
        : vscode.l10n.t('Showing nothing. Pick the connection to show.'),
      matchOnDescription: true,
    });
    if (!picked) return undefined;
    if (picked.action === 'add') {
      await vscode.commands.executeCommand(CommandIds.addEnvironment);
      return s.connections.active?.name;
    }
    if (picked.action === 'import') {
      await vscode.commands.executeCommand(CommandIds.importEnvFile);
      return s.connections.active?.name;
    }
    if (picked.action === 'edit') {
      await vscode.commands.executeCommand('workbench.action.openSettingsJson', {
        revealSetting: { key: `${EXTENSION_ID_PREFIX}.${SettingKeys.environments}`, edit: true },
      });
      return undefined;
    }
    if (picked.name) await s.connections.switchTo(picked.name);
    return picked.name;
  };
}

/** Writes the environment to the user settings and waits until the registry knows it. */
async function saveEnvironment(s: Deps, environment: Environment): Promise<Connection> {
  const config = vscode.workspace.getConfiguration(EXTENSION_ID_PREFIX);
  const current = config.inspect<unknown>(SettingKeys.environments)?.globalValue;
  const known = new Promise<void>((resolve) => {
    const sub = s.connections.onDidChange(() => {
      if (!s.connections.get(environment.name)) return;
      sub.dispose();
      resolve();
    });
    setTimeout(() => {
      sub.dispose();
      resolve();
    }, 5_000);
  });
  await config.update(
    SettingKeys.environments,
    withEnvironment(current, environment),
    vscode.ConfigurationTarget.Global,
  );
  if (!s.connections.get(environment.name)) await known;
  s.log.info(`Environment "${environment.name}" saved in the user settings.`);
  return { name: environment.name, environment, problems: [], fromSettings: false };
}

/** Shows the new connection and checks its secret (asked for, or the one given) like Set Token does. */
async function showAndSignIn(
  s: Deps,
  c: Connection,
  secret: string | undefined,
): Promise<SetTokenResult | undefined> {
  await s.connections.switchTo(c.name);
  await s.setup.recheck();
  return vscode.commands.executeCommand<SetTokenResult | undefined>(CommandIds.setToken, secret);
}

interface Draft {
  name: string;
  kind: AuthKind;
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  projectId: string;
  appId: string;
  userId: string;
  companyId: string;
}

/** The environment a finished draft describes (checked once more as a whole). */
export function environmentOf(d: Draft): ReturnType<typeof checkEnvironment> {
  const auth =
    d.kind === 'serviceUser'
      ? { kind: d.kind, tokenUrl: d.tokenUrl, clientId: d.clientId, projectId: d.projectId }
      : d.kind === 'apiKey'
        ? {
            kind: d.kind,
            appId: d.appId,
            userId: d.userId,
            companyId: d.companyId,
            apiVersion: PUBLIC_API_VERSION,
          }
        : { kind: d.kind };
  return checkEnvironment({
    name: d.name,
    surface: d.kind === 'apiKey' ? 'public' : 'internal',
    baseUrl: d.baseUrl,
    auth,
  });
}

export function addEnvironment(s: Deps) {
  return async (given?: unknown): Promise<string | undefined> => {
    // Tests and scripts: `{ environment: {...}, secret?: "..." }`.
    if (typeof given === 'object' && given !== null && 'environment' in given) {
      const g = given as { environment: unknown; secret?: unknown };
      const checked = checkEnvironment(g.environment);
      if (!checked.ok)
        throw new Error(
          vscode.l10n.t('This environment cannot be used: {0}', checked.problems.join('; ')),
        );
      const c = await saveEnvironment(s, checked.environment);
      await showAndSignIn(s, c, typeof g.secret === 'string' ? g.secret : undefined);
      return c.name;
    }
    const taken = s.connections.all.map((c) => c.name);
    const d: Draft = {
      name: suggestName(taken),
      kind: 'serviceUser',
      baseUrl: '',
      tokenUrl: '',
      clientId: '',
      projectId: '',
      appId: '',
      userId: '',
      companyId: '',
    };
    const title = (n: number, of: number): string =>
      vscode.l10n.t({
        message: 'Add Environment ({0}/{1})',
        args: [n, of],
        comment: ['step {0} of {1}'],
      });
    const steps = (): number => (d.kind === 'token' ? 3 : 6);
    /** One text step of a sign-in's details (steps 4–6 of 6), then `next`. */
    type Field = 'tokenUrl' | 'clientId' | 'projectId' | 'appId' | 'userId' | 'companyId';
    const field =
      (
        key: Field,
        step: number,
        prompt: string,
        validate: (v: string) => string | undefined,
        next?: InputStep,
        suggest: () => string = () => '',
      ): InputStep =>
      async (input) => {
        d[key] = await input.showInputBox({
          title: title(step, 6),
          prompt,
          value: d[key] || suggest(),
          validate,
        });
        return next;
      };
    const askProjectId = field(
      'projectId',
      6,
      vscode.l10n.t(
        "The id of Unique's project in Zitadel (digits). The client secret is asked for next.",
      ),
      checkProjectId,
    );
    const askClientId = field(
      'clientId',
      5,
      vscode.l10n.t("The service user's client id (Zitadel: the service user's user name)."),
      requiredId(
        vscode.l10n.t('Enter the client id.'),
        vscode.l10n.t('The client id has no spaces.'),
      ),
      askProjectId,
    );
    const askTokenUrl = field(
      'tokenUrl',
      4,
      vscode.l10n.t("Zitadel's token endpoint, e.g. {0}", 'https://id.<domain>/oauth/v2/token'),
      (v) => checkUrl(v, 'https://id.<domain>/oauth/v2/token'),
      askClientId,
      () => guessTokenUrl(d.baseUrl),
    );
    const askCompanyId = field(
      'companyId',
      6,
      vscode.l10n.t('Your company id (x-company-id). The API key is asked for next.'),
      requiredId(
        vscode.l10n.t('Enter the company id.'),
        vscode.l10n.t('The company id has no spaces.'),
      ),
    );
    const askUserId = field(
      'userId',
      5,
      vscode.l10n.t('Your user id (x-user-id).'),
      requiredId(vscode.l10n.t('Enter the user id.'), vscode.l10n.t('The user id has no spaces.')),
      askCompanyId,
    );
    const askAppId = field(
      'appId',
      4,
      vscode.l10n.t('The app id (x-app-id) your API key belongs to, e.g. app_…'),
      requiredId(vscode.l10n.t('Enter the app id.'), vscode.l10n.t('The app id has no spaces.')),
      askUserId,
    );
    const askName: InputStep = async (input) => {
      d.name = await input.showInputBox({
        title: title(1, steps()),
        prompt: vscode.l10n.t(
          'A short name for this connection, shown in the status bar (e.g. prod, UAT).',
        ),
        value: d.name,
        validate: (v) => checkName(v, taken),
      });
      return askKind;
    };
    const askKind: InputStep = async (input) => {
      const items = WAYS_TO_CONNECT.map((w) => ({
        label: w.label,
        detail: w.detail,
        kind: w.kind,
      }));
      const picked = await input.showQuickPick({
        title: title(2, steps()),
        placeholder: vscode.l10n.t('How does this connection sign in?'),
        items: items.map(({ label, detail }) => ({ label, detail })),
        activeItem: undefined,
      });
      d.kind = items.find((i) => i.label === picked.label)?.kind ?? 'token';
      return askBaseUrl;
    };
    const askBaseUrl: InputStep = async (input) => {
      const example =
        d.kind === 'apiKey'
          ? 'https://gateway.<cluster>.unique.app/public/chat'
          : 'https://gateway.<cluster>.unique.app/chat';
      d.baseUrl = await input.showInputBox({
        title: title(3, steps()),
        prompt:
          d.kind === 'apiKey'
            ? vscode.l10n.t("The Public API's base URL, e.g. {0}", example)
            : vscode.l10n.t('The "host of URL" of the tenant\'s chat service, e.g. {0}', example),
        value: d.baseUrl,
        placeholder: example,
        validate: (v) => checkUrl(v, example),
      });
      return d.kind === 'serviceUser' ? askTokenUrl : d.kind === 'apiKey' ? askAppId : undefined;
    };
    if (!(await MultiStepInput.run(askName))) return undefined;
    const checked = environmentOf(d);
    if (!checked.ok) {
      s.notifier.show(
        'warning',
        vscode.l10n.t('This environment cannot be used: {0}.', checked.problems.join('; ')),
      );
      return undefined;
    }
    const c = await saveEnvironment(s, checked.environment);
    await showAndSignIn(s, c, undefined);
    return c.name;
  };
}

export function importEnvFile(s: Deps) {
  return async (given?: unknown): Promise<string | undefined> => {
    // Tests: `{ file: "/path/unique.env", name: "uat" }`, or a Uri (Explorer context menu).
    const arg = given as { file?: unknown; name?: unknown } | vscode.Uri | undefined;
    let file: vscode.Uri | undefined =
      arg instanceof vscode.Uri
        ? arg
        : typeof arg?.file === 'string'
          ? vscode.Uri.file(arg.file)
          : undefined;
    if (!file) {
      const picked = await vscode.window.showOpenDialog({
        title: vscode.l10n.t('Import Environment from .env File'),
        openLabel: vscode.l10n.t({
          message: 'Import',
          comment: ['button: import the chosen file'],
        }),
        canSelectMany: false,
        filters: {
          [vscode.l10n.t('Environment files')]: ['env'],
          [vscode.l10n.t('All files')]: ['*'],
        },
      });
      file = picked?.[0];
    }
    if (!file) return undefined;
    const content = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
    const taken = s.connections.all.map((c) => c.name);
    const base = path
      .basename(file.fsPath)
      .replace(/\.env$|^\.env$/i, '')
      .replace(/^unique[._-]?/i, '');
    const suggested = base && !taken.includes(base) ? base : suggestName(taken);
    const name =
      typeof (arg as { name?: unknown } | undefined)?.name === 'string'
        ? String((arg as { name: string }).name)
        : await vscode.window.showInputBox({
            title: vscode.l10n.t('Import Environment: Name'),
            prompt: vscode.l10n.t(
              'A short name for the connection in {0}.',
              path.basename(file.fsPath),
            ),
            value: suggested,
            validateInput: (v) => checkName(v, taken),
          });
    if (name === undefined) return undefined;
    const problem = checkName(name, taken);
    if (problem) {
      s.notifier.show('warning', problem);
      return undefined;
    }
    const imported = connectionFromEnvFile(content, name.trim());
    if (!imported.environment) {
      s.notifier.show(
        'warning',
        vscode.l10n.t({
          message:
            "{0} does not describe a connection: add {1} (Unique's variable names) and import it again.",
          args: [path.basename(file.fsPath), imported.missing.join(', ')],
          comment: [
            '{0} is a file name; {1} lists variable names, e.g. "ZITADEL_CLIENT_ID, ZITADEL_PROJECT_ID"',
          ],
        }),
      );
      return undefined;
    }
    const checked = checkEnvironment(imported.environment);
    if (!checked.ok) {
      s.notifier.show(
        'warning',
        vscode.l10n.t({
          message: '{0} describes a connection that cannot be used: {1}.',
          args: [path.basename(file.fsPath), checked.problems.join('; ')],
          comment: ['{0} is a file name; {1} lists the problems'],
        }),
      );
      return undefined;
    }
    const c = await saveEnvironment(s, checked.environment);
    s.log.info(
      `Imported "${c.name}" from ${path.basename(file.fsPath)} (${describeConnection(c)}); ${imported.secret ? `its ${imported.secret.kind === 'apiKey' ? 'API key' : 'client secret'} goes to secret storage` : 'it names no secret'}.`,
    );
    await showAndSignIn(s, c, imported.secret?.value);
    return c.name;
  };
}
